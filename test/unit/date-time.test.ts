import { DateTimeResolver } from 'graphql-scalars';
import { DateTimeScalar, isoText } from '../../src/common/date-time';

describe('DateTime', () => {
  const instant = new Date('2026-01-02T03:04:05.678Z');

  test('serialises to the text JSON gave a Date, as a string rather than a Date', () => {
    // A Date in a result sends JSON.stringify down its slow path (docs/performance.md).
    expect(DateTimeResolver.serialize(instant)).toBeInstanceOf(Date);
    const served = DateTimeScalar.serialize(instant);
    expect(typeof served).toBe('string');
    expect(served).toBe(JSON.parse(JSON.stringify(instant)));
    expect(DateTimeScalar.serialize('2026-01-02T03:04:05Z')).toBe('2026-01-02T03:04:05.000Z');
  });

  test('keeps the name, description and input parsing of graphql-scalars', () => {
    expect(DateTimeScalar.name).toBe('DateTime');
    expect(DateTimeScalar.description).toBe(DateTimeResolver.description);
    expect(DateTimeScalar.parseValue('2026-01-02T03:04:05Z')).toEqual(new Date('2026-01-02T03:04:05Z'));
    expect(() => DateTimeScalar.parseValue('yesterday')).toThrow();
    expect(() => DateTimeScalar.serialize('not a date')).toThrow();
  });
});

describe('isoText', () => {
  test('writes what Date.prototype.toISOString writes, over the whole range and at its edges', () => {
    const edges = [
      0,
      -1,
      1,
      -62_167_219_200_000,
      -62_167_219_200_001,
      253_402_300_799_999,
      253_402_300_800_000,
      Date.UTC(2000, 1, 29, 23, 59, 59, 999),
      Date.UTC(1900, 1, 28),
      Date.UTC(1900, 2, 1),
      Date.UTC(2100, 1, 28, 12),
      Date.UTC(2024, 11, 31, 23, 59, 59, 999),
      Date.UTC(999, 0, 1),
      Date.UTC(1969, 11, 31, 23, 59, 59, 999),
      8.64e15,
      -8.64e15,
    ];
    let seed = 7;
    const random = () => ((seed = (seed * 48_271) % 2_147_483_647) / 2_147_483_647) * 2 - 1;
    const samples = [...edges, ...Array.from({ length: 200_000 }, () => Math.floor(random() * 1e14))];
    const wrong = samples.filter((ms) => isoText(new Date(ms)) !== new Date(ms).toISOString());
    expect(wrong).toEqual([]);
  });

  test('an invalid date throws as toISOString does', () => {
    expect(() => isoText(new Date(NaN))).toThrow(RangeError);
  });
});
