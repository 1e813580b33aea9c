import { format } from 'mysql2';
import { queryFormat } from '../../src/database/query-format';
import { dataSourceOptions } from '../../src/data-source';

describe('queryFormat', () => {
  test('a statement without values is sent as written, placeholders and all', () => {
    const sql = "INSERT INTO t (a, b) VALUES ('it''s ?', 'x'), (?, ?)";
    expect(queryFormat(sql, [], 'Z')).toBe(sql);
    expect(queryFormat(sql, undefined, 'Z')).toBe(sql);
    expect(queryFormat(sql, null, 'Z')).toBe(sql);
  });

  test("any values are put in exactly as mysql2's own formatting puts them", () => {
    const at = new Date('2026-03-04T05:06:07.089Z');
    const cases: [string, unknown[]][] = [
      ['SELECT ?, ?, ?, ?', ["o'brien \\ \0", 42, null, at]],
      ['SELECT * FROM t WHERE id IN (?) AND b = ?', [['1', '2', "3'"], Buffer.from('ab')]],
      [
        'INSERT INTO t (a, b) VALUES ?',
        [
          [
            [1, 'x'],
            [2, at],
          ],
        ],
      ],
      ['SELECT ??, ? FROM t', ['col', true]],
    ];
    for (const [sql, values] of cases) {
      for (const zone of ['Z', 'local', '+02:00'] as const) {
        expect(queryFormat(sql, values, zone)).toBe(format(sql, values as never, false, zone));
      }
    }
  });

  test('the pool formats with it', () => {
    const options = dataSourceOptions({ url: 'mysql://root@127.0.0.1:3306/x', poolSize: 1 });
    expect((options.extra as { queryFormat?: unknown }).queryFormat).toBe(queryFormat);
  });
});
