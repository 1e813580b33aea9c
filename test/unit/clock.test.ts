import { addMonthsUtc } from '../../src/common/clock';

describe('clock arithmetic', () => {
  test('adding months clamps to the end of shorter months', () => {
    expect(addMonthsUtc(new Date('2026-01-31T10:00:00Z'), 1).toISOString()).toBe('2026-02-28T10:00:00.000Z');
    expect(addMonthsUtc(new Date('2025-11-15T00:00:00Z'), 12).toISOString()).toBe('2026-11-15T00:00:00.000Z');
  });
});
