import {
  AccessLogEntryValues,
  AccessLogGroupValues,
  accessLogInsertSql,
} from '../../src/access-log/access-log-insert';

const group = (overrides: Partial<AccessLogGroupValues> = {}): AccessLogGroupValues => ({
  id: '41',
  at: new Date('2026-03-04T05:06:07.089Z'),
  requestId: 'r-1',
  actorId: 'a-1',
  actorRole: 'BILLING',
  category: 'BILLING',
  fields: '["billing"]',
  operation: 'subscribers',
  keyId: 'k1',
  ...overrides,
});

const entry = (overrides: Partial<AccessLogEntryValues> = {}): AccessLogEntryValues => ({
  id: '41',
  groupId: '41',
  subscriberId: '7',
  basis: 'ROLE',
  disclosureExceptionId: null,
  prevHash: '0'.repeat(64),
  hash: 'ab'.repeat(32),
  ...overrides,
});

describe('accessLogInsertSql', () => {
  test('writes integers and hex hashes as they are, strings escaped, dates in UTC, nulls as NULL', () => {
    expect(accessLogInsertSql([entry()], [group()])).toEqual([
      'INSERT INTO access_log_entries (id, group_id, subscriber_id, basis, disclosure_exception_id, prev_hash, hash) ' +
        `VALUES (41,41,7,'ROLE',NULL,'${'0'.repeat(64)}','${'ab'.repeat(32)}')`,
      'INSERT INTO access_log_groups (id, at, request_id, actor_id, actor_role, category, fields, operation, key_id) ' +
        `VALUES (41,'2026-03-04 05:06:07.089','r-1','a-1','BILLING','BILLING','[\\"billing\\"]','subscribers','k1')`,
    ]);
  });

  test('a value that does not match its pattern is escaped as a string, never written raw', () => {
    const [entries, groups] = accessLogInsertSql(
      [entry({ id: '1 OR 1=1', subscriberId: "7'); --", hash: `${'a'.repeat(63)}'` })],
      [group({ id: '41; DROP TABLE x', operation: null })],
    );
    expect(entries).toContain("'1 OR 1=1'");
    expect(entries).toContain("'7\\'); --'");
    expect(entries).toContain(`'${'a'.repeat(63)}\\''`);
    expect(groups).toContain("('41; DROP TABLE x',");
    expect(groups).toContain("'[\\\"billing\\\"]',NULL,'k1')");
  });

  test('many entries keep their order and share their escaped literals; each group is one row', () => {
    const entries = Array.from({ length: 3 }, (_, i) =>
      entry({ id: String(i + 1), groupId: '1', subscriberId: String(10 + i), basis: 'ID_VERIFICATION' }),
    );
    const [entrySql, groupSql] = accessLogInsertSql(entries, [group({ id: '1' })]);
    expect(entrySql.match(/\((\d+),1,/g)).toEqual(['(1,1,', '(2,1,', '(3,1,']);
    expect(entrySql.split("'ID_VERIFICATION'")).toHaveLength(4);
    expect(groupSql.split("'a-1'")).toHaveLength(2);
  });

  test('a guarded append makes the first entry’s previous hash depend on the head', () => {
    const [entrySql] = accessLogInsertSql([entry(), entry({ id: '42' })], [group()], {
      lastId: 42n,
      lastHash: 'cd'.repeat(32),
    });
    expect(entrySql).toContain(
      `(SELECT '${'0'.repeat(64)}' FROM access_log_head WHERE id = 1 AND last_id = 42 AND last_hash = '${'cd'.repeat(32)}')`,
    );
    expect(entrySql.split('FROM access_log_head')).toHaveLength(2);
  });
});
