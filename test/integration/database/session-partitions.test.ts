import { ensureSessionPartitions } from '../../../src/database/session-partitions';
import { RetentionPurge } from '../../../src/modules/retention/purge.service';
import { Role } from '../../../src/auth/roles';
import type { AppContext } from '../../../src/context';
import { SqlLogger } from '../../../src/database/sql-logger';
import { ReportService } from '../../../src/modules/reporting/report.service';
import { databaseForFile } from '../../helpers/harness';
import { insertSubscriber } from '../../helpers/fixtures';
import { cancelledMonthsAgo } from '../../helpers/lifecycle-fixtures';

/** Sessions partitioned by month (docs/design.md section 8; migrations/…-PartitionSessions). */
const db = databaseForFile();

async function partitions(): Promise<{ name: string; rows: number }[]> {
  await db.query('ANALYZE TABLE sessions');
  const rows: { name: string; row_count: string }[] = await db.query(
    `SELECT PARTITION_NAME AS name, TABLE_ROWS AS row_count FROM information_schema.PARTITIONS
     WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'sessions' ORDER BY PARTITION_ORDINAL_POSITION`,
  );
  return rows.map((row) => ({ name: row.name, rows: Number(row.row_count) }));
}

async function insertSession(subscriberId: string, startedAt: string, ip = '203.0.113.77') {
  await db.query(
    'INSERT INTO sessions (subscriber_id, started_at, ended_at, ip_address) VALUES (?, ?, NULL, ?)',
    [subscriberId, startedAt, ip],
  );
}

async function explain(sql: string, params: unknown[]) {
  return (await db.query(`EXPLAIN PARTITIONS ${sql}`, params)) as Array<{
    table: string;
    partitions: string | null;
    key: string | null;
    type: string;
  }>;
}

test('each month has its partition; rows land in the month they started in', async () => {
  const names = (await partitions()).map((p) => p.name);
  expect(names[0]).toBe('p_before');
  expect(names).toEqual(expect.arrayContaining(['p202601', 'p202612', 'p_future']));
  const s = await insertSubscriber(db);
  await insertSession(s.id, '2026-03-15 10:00:00');
  await insertSession(s.id, '2024-06-01 00:00:00');
  await insertSession(s.id, '2099-01-01 00:00:00');
  const [march] = await db.query('SELECT COUNT(*) AS n FROM sessions PARTITION (p202603)');
  const [before] = await db.query('SELECT COUNT(*) AS n FROM sessions PARTITION (p_before)');
  const [future] = await db.query('SELECT COUNT(*) AS n FROM sessions PARTITION (p_future)');
  expect([Number(march.n), Number(before.n), Number(future.n)]).toEqual([1, 1, 1]);
});

test('a query over one month of sessions reads that month only, through the day index', async () => {
  const plan = await explain(
    `SELECT started_day, COUNT(*) FROM sessions
     WHERE started_day BETWEEN ? AND ? AND started_at >= ? AND started_at < ? GROUP BY started_day`,
    ['2026-03-01', '2026-03-31', '2026-03-01 00:00:00', '2026-04-01 00:00:00'],
  );
  expect(plan[0].partitions).toBe('p202603');
  expect(plan[0].key).toBe('idx_sessions_day_subscriber');
});

test('sessionsByDay reads the session roll-up, not the sessions (migrations/1764001100000-ReportRollups)', async () => {
  const s = await insertSubscriber(db);
  await insertSession(s.id, '2026-03-15 10:00:00');
  const captured: { sql: string; params: unknown[] }[] = [];
  jest.spyOn(SqlLogger.prototype, 'logQuery').mockImplementation((sql, params) => {
    captured.push({ sql, params: params ?? [] });
  });
  // A context whose reads run on this data source.
  const ctx = { db, readOnly: false, transaction: { manager: db.manager } } as unknown as AppContext;
  const days = await new ReportService(ctx)
    .sessionsByDay({ from: new Date('2026-03-01T00:00:00Z'), to: new Date('2026-04-01T00:00:00Z') })
    .finally(() => jest.restoreAllMocks());
  expect(days).toEqual([expect.objectContaining({ key: '2026-03-15', suppressed: true })]);
  expect(captured).toHaveLength(1);
  const plan = await explain(captured[0].sql, captured[0].params);
  expect(plan).toHaveLength(1);
  expect(plan[0]).toMatchObject({ table: 'session_rollup', key: 'PRIMARY', type: 'range' });
});

test("the customer's session list uses the subscriber index in every partition", async () => {
  const plan = await explain(
    'SELECT id, started_at FROM sessions WHERE subscriber_id = ? ORDER BY started_at DESC, id DESC LIMIT 20',
    ['1'],
  );
  expect(plan[0].key).toBe('idx_sessions_subscriber_started');
  expect(plan[0].type).not.toBe('ALL');
});

test('the partition job adds months ahead once, re-runs as a no-op, refuses to split a filled p_future', async () => {
  const added = await ensureSessionPartitions(db, new Date('2027-11-10T00:00:00Z'), 3);
  expect(added).toEqual(['p202801', 'p202802']);
  expect(await ensureSessionPartitions(db, new Date('2027-11-10T00:00:00Z'), 3)).toEqual([]);
  const s = await insertSubscriber(db);
  await insertSession(s.id, '2030-01-01 00:00:00');
  await expect(ensureSessionPartitions(db, new Date('2028-06-01T00:00:00Z'), 3)).rejects.toThrow(/p_future/);
  await db.query('DELETE FROM sessions');
  await db.query(
    `ALTER TABLE sessions REORGANIZE PARTITION p202801, p202802, p_future INTO
       (PARTITION p_future VALUES LESS THAN (MAXVALUE))`,
  );
});

test('the retention purge masks addresses in every partition', async () => {
  const s = await insertSubscriber(db, cancelledMonthsAgo(13));
  for (const at of ['2024-12-31 23:00:00', '2025-06-01 08:00:00', '2025-11-20 12:00:00']) {
    await insertSession(s.id, at, '198.51.100.23');
  }
  const summary = await new RetentionPurge(db, {
    dryRun: false,
    actor: { actorId: 'compliance-1', role: Role.COMPLIANCE },
    requestId: 'partition-test',
    batchSize: 10,
  }).run();
  expect(summary.purged).toEqual([s.id]);
  const ips: { ip_address: string }[] = await db.query(
    'SELECT ip_address FROM sessions WHERE subscriber_id = ?',
    [s.id],
  );
  expect(ips.map((row) => row.ip_address)).toEqual(['198.51.100.0/24', '198.51.100.0/24', '198.51.100.0/24']);
});
