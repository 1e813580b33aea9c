import { Role } from '../../../src/auth/roles';
import { SqlLogger } from '../../../src/database/sql-logger';
import { RetentionPurge } from '../../../src/modules/retention/purge.service';
import {
  ReportRollups1764001100000,
  ROLLUP_SOURCES,
  rollupFromBase,
  rollupTables,
} from '../../../migrations/1764001100000-ReportRollups';
import { Harness, resetData, startHarness } from '../../helpers/harness';
import { insertSubscriber } from '../../helpers/fixtures';
import { cancelledMonthsAgo } from '../../helpers/lifecycle-fixtures';

/**
 * The report roll-ups (migrations/1764001100000-ReportRollups, docs/design.md section 5)
 * against the base tables: after random inserts, updates of every column a report reads,
 * deletes, refunds, ticket status changes, cancellations and the retention purge, every
 * roll-up row equals what the base tables give, and so does every report answer,
 * suppression included.
 */
jest.setTimeout(120_000);

let h: Harness;
let reporting: string;

beforeAll(async () => {
  h = await startHarness();
  await resetData(h.db);
  reporting = await h.token(Role.REPORTING, 'analyst-1');
});
afterAll(async () => {
  jest.restoreAllMocks();
  await resetData(h.db);
  await h.close();
});

/** A small deterministic generator, so a failure can be replayed. */
function generator(seed: number) {
  let state = seed;
  const next = () => {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    return state / 2 ** 31;
  };
  return {
    int: (below: number) => Math.floor(next() * below),
    pick: <T>(values: readonly T[]) => values[Math.floor(next() * values.length)],
  };
}

/** Every roll-up row that holds something, and every member row, next to the base tables' answer. */
async function expectRollupsExact(): Promise<void> {
  for (const [table, sources] of Object.entries(ROLLUP_SOURCES)) {
    const { buckets, members } = rollupTables(table);
    for (const source of sources) {
      const base = rollupFromBase(table, source);
      const expected: unknown[] = await h.db.query(
        `SELECT bucket, slot, entries, value, subscribers FROM (${base.buckets}) AS x ORDER BY bucket, slot`,
      );
      const actual: unknown[] = await h.db.query(
        `SELECT bucket, slot, entries, value, subscribers FROM ${buckets}
         WHERE report = ? AND NOT (entries = 0 AND value = 0 AND subscribers = 0) ORDER BY bucket, slot`,
        [source.report],
      );
      expect({ report: source.report, rows: normalise(actual) }).toEqual({
        report: source.report,
        rows: normalise(expected),
      });
      if (!members || !source.manyPerSubscriber) continue;
      const expectedMembers: unknown[] = await h.db.query(
        `SELECT * FROM (${base.members}) AS x ORDER BY bucket, subscriber_id`,
      );
      const actualMembers: unknown[] = await h.db.query(
        `SELECT report, bucket, subscriber_id, entries FROM ${members} WHERE report = ? ORDER BY 2, 3`,
        [source.report],
      );
      expect(normalise(actualMembers)).toEqual(normalise(expectedMembers));
    }
  }
}

/** Rows as arrays of strings (DECIMAL sums and BIGINTs arrive in different shapes). */
const normalise = (rows: unknown[]) =>
  rows
    .map((row) => Object.values(row as Record<string, unknown>).map((value) => String(value)))
    .sort((a, b) => a.join(' ').localeCompare(b.join(' ')));

/** The report answers computed from the base tables, as the report computed them before the roll-ups. */
async function reportFromBase(from: string, to: string) {
  const groups = async (sql: string, params: unknown[] = []) => {
    const rows: { bucket: string; value: string; subscribers: string }[] = await h.db.query(sql, params);
    return rows.map((row) =>
      Number(row.subscribers) < 5
        ? { key: row.bucket, value: null, suppressed: true }
        : { key: row.bucket, value: Number(row.value), suppressed: false },
    );
  };
  return {
    subscribersByStatus: await groups(
      `SELECT status AS bucket, COUNT(*) AS value, COUNT(*) AS subscribers FROM subscribers GROUP BY status ORDER BY status`,
    ),
    signupsByMonth: await groups(
      `SELECT DATE_FORMAT(created_at, '%Y-%m') AS bucket, COUNT(*) AS value, COUNT(*) AS subscribers
       FROM subscribers GROUP BY bucket ORDER BY bucket`,
    ),
    cancellationsByMonth: await groups(
      `SELECT DATE_FORMAT(cancelled_at, '%Y-%m') AS bucket, COUNT(*) AS value, COUNT(*) AS subscribers
       FROM subscribers WHERE cancelled_at IS NOT NULL GROUP BY bucket ORDER BY bucket`,
    ),
    revenueCentsByMonth: await groups(
      `SELECT CONCAT(DATE_FORMAT(paid_at, '%Y-%m'), ' ', currency) AS bucket,
              SUM(IF(status = 'SUCCEEDED', amount_cents, -amount_cents)) AS value,
              COUNT(DISTINCT subscriber_id) AS subscribers
       FROM payments WHERE status IN ('SUCCEEDED', 'REFUNDED') AND paid_at >= ? AND paid_at < ?
       GROUP BY bucket ORDER BY bucket`,
      [from, to],
    ),
    sessionsByDay: await groups(
      `SELECT DATE_FORMAT(started_at, '%Y-%m-%d') AS bucket, COUNT(*) AS value,
              COUNT(DISTINCT subscriber_id) AS subscribers
       FROM sessions WHERE started_at >= ? AND started_at < ? GROUP BY bucket ORDER BY bucket`,
      [from, to],
    ),
    ticketsByStatus: await groups(
      `SELECT status AS bucket, COUNT(*) AS value, COUNT(DISTINCT subscriber_id) AS subscribers
       FROM support_tickets GROUP BY status ORDER BY status`,
    ),
  };
}

const BUCKET = '{ key value suppressed }';

async function report(from: string, to: string) {
  const result = await h.run(
    `query R($from: DateTime!, $to: DateTime!) { report {
       subscribersByStatus ${BUCKET} signupsByMonth ${BUCKET} cancellationsByMonth ${BUCKET}
       revenueCentsByMonth(from: $from, to: $to) ${BUCKET}
       sessionsByDay(from: $from, to: $to) ${BUCKET} ticketsByStatus ${BUCKET} } }`,
    { token: reporting, variables: { from, to } },
  );
  expect(result.errors).toBeUndefined();
  return (result.data as { report: Record<string, unknown[]> }).report;
}

async function expectReportsFromBase() {
  // A range cutting through the data (its ends on month boundaries), and one around all of it.
  for (const [from, to] of [
    ['2026-02-01T00:00:00.000Z', '2026-03-01T00:00:00.000Z'],
    ['2025-06-01T00:00:00.000Z', '2026-06-01T00:00:00.000Z'],
  ]) {
    expect(await report(from, to)).toEqual(await reportFromBase(from, to));
  }
}

test('the roll-ups equal the base tables after random writes on every path', async () => {
  const random = generator(20261125);
  const subscribers = [];
  for (let i = 0; i < 24; i++) {
    const createdAt = new Date(Date.UTC(2025, 6 + random.int(6), 1 + random.int(28)));
    const cancelled = i % 4 === 0 ? cancelledMonthsAgo(13 + random.int(3)) : {};
    subscribers.push(await insertSubscriber(h.db, { createdAt, ...cancelled }));
  }
  const ids = subscribers.map((s) => s.id);
  // Sessions over 40 days of 2026: days with many subscribers and days with few.
  const sessions = Array.from({ length: 700 }, () => [
    random.pick(ids.slice(0, 4 + random.int(ids.length - 4))),
    new Date(Date.UTC(2026, 0, 20 + random.int(40), random.int(24), random.int(60))),
    '203.0.113.9',
  ]);
  await h.db.query('INSERT INTO sessions (subscriber_id, started_at, ip_address) VALUES ?', [sessions]);
  const payments = Array.from({ length: 250 }, () => [
    random.pick(ids),
    100 + random.int(5000),
    random.pick(['USD', 'EUR']),
    random.pick(['SUCCEEDED', 'SUCCEEDED', 'FAILED', 'REFUNDED']),
    new Date(Date.UTC(2026, random.int(4), 1 + random.int(28), random.int(24))),
    new Date(),
  ]);
  await h.db.query(
    'INSERT INTO payments (subscriber_id, amount_cents, currency, status, paid_at, created_at) VALUES ?',
    [payments],
  );
  const tickets = Array.from({ length: 160 }, () => [
    random.pick(ids.slice(0, 3 + random.int(ids.length - 3))),
    'Subject',
    random.pick(['OPEN', 'PENDING', 'RESOLVED', 'CLOSED']),
    'support-1',
    new Date(),
    new Date(),
  ]);
  await h.db.query(
    'INSERT INTO support_tickets (subscriber_id, subject, status, opened_by, created_at, updated_at) VALUES ?',
    [tickets],
  );
  await expectRollupsExact();
  await expectReportsFromBase();

  // Updates of every column a report reads, and of columns none reads.
  const other = ids[ids.length - 1];
  await h.db.query('UPDATE sessions SET started_at = started_at + INTERVAL 1 DAY WHERE id % 7 = 0');
  await h.db.query('UPDATE sessions SET subscriber_id = ? WHERE id % 11 = 0', [other]);
  await h.db.query(
    "UPDATE sessions SET ended_at = started_at, ip_address = '203.0.113.0/24' WHERE id % 3 = 0",
  );
  await h.db.query("UPDATE payments SET status = 'REFUNDED' WHERE status = 'SUCCEEDED' AND id % 3 = 0");
  await h.db.query("UPDATE payments SET status = 'SUCCEEDED' WHERE status = 'FAILED' AND id % 2 = 0");
  await h.db.query("UPDATE payments SET status = 'FAILED' WHERE status = 'REFUNDED' AND id % 5 = 0");
  await h.db.query(
    "UPDATE payments SET amount_cents = amount_cents + 7, currency = IF(currency = 'USD', 'EUR', 'USD') WHERE id % 4 = 0",
  );
  await h.db.query(
    'UPDATE payments SET paid_at = paid_at - INTERVAL 20 DAY, subscriber_id = ? WHERE id % 9 = 0',
    [other],
  );
  await h.db.query("UPDATE support_tickets SET status = 'CLOSED' WHERE id % 4 = 0");
  await h.db.query('UPDATE support_tickets SET subscriber_id = ?, subject = NULL WHERE id % 6 = 0', [other]);
  await h.db.query(
    "UPDATE subscribers SET status = 'CANCELLED', cancelled_at = created_at + INTERVAL 40 DAY WHERE status = 'ACTIVE' AND id % 5 = 0",
  );
  await h.db.query(
    "UPDATE subscribers SET status = 'ACTIVE', cancelled_at = NULL WHERE status = 'CANCELLED' AND id % 3 = 0",
  );
  await h.db.query('UPDATE subscribers SET created_at = created_at - INTERVAL 2 MONTH WHERE id % 2 = 0');
  // Deletes.
  await h.db.query('DELETE FROM sessions WHERE id % 13 = 0');
  await h.db.query('DELETE FROM payments WHERE id % 17 = 0');
  await h.db.query('DELETE FROM support_tickets WHERE id % 19 = 0');
  // The retention purge: status changes (PURGED), masking of sessions and payments.
  const summary = await new RetentionPurge(h.db, {
    dryRun: false,
    actor: { actorId: 'compliance-1', role: Role.COMPLIANCE },
    requestId: 'rollup-test',
    batchSize: 10,
  }).run();
  expect(summary.purged.length).toBeGreaterThan(0);
  const [purged] = await h.db.query("SELECT COUNT(*) AS n FROM subscribers WHERE status = 'PURGED'");
  expect(Number(purged.n)).toBe(summary.purged.length);

  await expectRollupsExact();
  await expectReportsFromBase();

  // The migration's backfill on existing data, in chunks of 5 subscribers, gives the same.
  const runner = h.db.createQueryRunner();
  try {
    await new ReportRollups1764001100000(5).down(runner);
    await new ReportRollups1764001100000(5).up(runner);
  } finally {
    await runner.release();
  }
  await expectRollupsExact();

  // Every row gone: nothing left in any roll-up.
  await resetData(h.db);
  for (const table of Object.keys(ROLLUP_SOURCES)) {
    const { buckets, members } = rollupTables(table);
    const [left] = await h.db.query(
      `SELECT COUNT(*) AS n FROM ${buckets} WHERE entries <> 0 OR value <> 0 OR subscribers <> 0`,
    );
    expect({ table, left: Number(left.n) }).toEqual({ table, left: 0 });
    if (members) expect(await h.db.query(`SELECT * FROM ${members}`)).toEqual([]);
  }
});

test('suppression follows distinct subscribers exactly as sessions come, move and go', async () => {
  await resetData(h.db);
  const five = [];
  for (let i = 0; i < 5; i++) five.push(await insertSubscriber(h.db));
  const insert = (subscriberId: string, startedAt: string) =>
    h.db.query('INSERT INTO sessions (subscriber_id, started_at, ip_address) VALUES (?, ?, ?)', [
      subscriberId,
      startedAt,
      '192.0.2.1',
    ]);
  // 03-15: five subscribers, the first with ten sessions. 03-16: four subscribers, 40 sessions.
  for (const s of five) await insert(s.id, '2026-03-15 10:00:00');
  for (let i = 0; i < 9; i++) await insert(five[0].id, `2026-03-15 ${String(11 + i).padStart(2, '0')}:00:00`);
  for (const s of five.slice(1)) for (let i = 0; i < 10; i++) await insert(s.id, `2026-03-16 0${i}:00:00`);
  const days = async () =>
    (await report('2026-03-01T00:00:00.000Z', '2026-04-01T00:00:00.000Z')).sessionsByDay;
  expect(await days()).toEqual([
    { key: '2026-03-15', value: 14, suppressed: false },
    { key: '2026-03-16', value: null, suppressed: true },
  ]);
  // Nine of the first subscriber's ten sessions go: still five subscribers on the 15th.
  await h.db.query("DELETE FROM sessions WHERE subscriber_id = ? AND started_at > '2026-03-15 10:30:00'", [
    five[0].id,
  ]);
  expect((await days())[0]).toEqual({ key: '2026-03-15', value: 5, suppressed: false });
  // The last one moves to the 16th: four on the 15th (suppressed), five on the 16th (shown).
  await h.db.query("UPDATE sessions SET started_at = '2026-03-16 23:59:59' WHERE subscriber_id = ?", [
    five[0].id,
  ]);
  expect(await days()).toEqual([
    { key: '2026-03-15', value: null, suppressed: true },
    { key: '2026-03-16', value: 41, suppressed: false },
  ]);
  await expectRollupsExact();
});

test('each report statement reads its roll-up through the primary key, never a base table', async () => {
  const captured: { sql: string; params: unknown[] }[] = [];
  jest.spyOn(SqlLogger.prototype, 'logQuery').mockImplementation((sql, params) => {
    captured.push({ sql, params: params ?? [] });
  });
  await report('2025-11-01T00:00:00.000Z', '2026-11-01T00:00:00.000Z');
  jest.restoreAllMocks();
  const selects = captured.filter((c) => /^\s*SELECT/i.test(c.sql));
  expect(selects).toHaveLength(6);
  for (const { sql, params } of selects) {
    const plan: { table: string; key: string | null; type: string }[] = await h.db.query(
      `EXPLAIN ${sql}`,
      params,
    );
    expect(plan).toHaveLength(1);
    expect(plan[0].table).toMatch(/^(subscriber|session|payment|support_ticket)_rollup$/);
    expect(plan[0]).toMatchObject({ key: 'PRIMARY', type: expect.stringMatching(/^(ref|range)$/) });
  }
});
