import { idTable, idTableParam } from '../../src/database/id-table';

describe('an id list as a table', () => {
  test('the ids travel as one JSON array parameter', () => {
    expect(idTableParam(['10000', '9999', '18446744073709551615'])).toBe(
      '["10000","9999","18446744073709551615"]',
    );
    expect(idTable('j')).toMatch(/^JSON_TABLE\(\?, .*\) AS j$/);
  });

  test('anything but an unsigned integer is refused, not read as 0', () => {
    for (const bad of ['', 'x1', '-1', '1.5', '1 OR 1=1', '123456789012345678901']) {
      expect(() => idTableParam(['1', bad])).toThrow(TypeError);
    }
  });
});
