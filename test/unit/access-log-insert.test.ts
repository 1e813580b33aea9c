import { accessLogInsertSql, AccessLogRowValues } from '../../src/access-log/access-log-insert';

const row = (overrides: Partial<AccessLogRowValues> = {}): AccessLogRowValues => ({
  id: '41',
  at: new Date('2026-03-04T05:06:07.089Z'),
  requestId: 'r-1',
  actorId: 'a-1',
  actorRole: 'BILLING',
  subscriberId: '7',
  category: 'BILLING',
  fields: '["billing"]',
  basis: 'ROLE',
  disclosureExceptionId: null,
  operation: 'subscribers',
  keyId: 'k1',
  prevHash: '0'.repeat(64),
  hash: 'ab'.repeat(32),
  ...overrides,
});

describe('accessLogInsertSql', () => {
  test('writes integers and hex hashes as they are, strings escaped, dates in UTC, nulls as NULL', () => {
    expect(accessLogInsertSql([row()])).toBe(
      'INSERT INTO access_log (id, at, request_id, actor_id, actor_role, subscriber_id, category, fields, basis, ' +
        'disclosure_exception_id, operation, key_id, prev_hash, hash) VALUES ' +
        `(41,'2026-03-04 05:06:07.089','r-1','a-1','BILLING',7,'BILLING','[\\"billing\\"]','ROLE',NULL,` +
        `'subscribers','k1','${'0'.repeat(64)}','${'ab'.repeat(32)}')`,
    );
  });

  test('a value that does not match its pattern is escaped as a string, never written raw', () => {
    const sql = accessLogInsertSql([
      row({ id: '1 OR 1=1', subscriberId: "7'); --", hash: `${'a'.repeat(63)}'`, operation: null }),
    ]);
    expect(sql).toContain("'1 OR 1=1'");
    expect(sql).toContain("'7\\'); --'");
    expect(sql).toContain(`'${'a'.repeat(63)}\\''`);
    expect(sql).toContain("'ROLE',NULL,NULL,'k1'");
  });

  test('the values of many rows share their escaped literals and keep their order', () => {
    const rows = Array.from({ length: 3 }, (_, i) =>
      row({ id: String(i + 1), subscriberId: String(10 + i) }),
    );
    const sql = accessLogInsertSql(rows);
    expect(sql.match(/\((\d+),/g)).toEqual(['(1,', '(2,', '(3,']);
    expect(sql.split("'a-1'")).toHaveLength(4);
  });
});
