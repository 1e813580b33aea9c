import { DataSource, QueryRunner } from 'typeorm';
import { createDataSource } from '../../../src/data-source';
import type { Queryable } from '../../../src/database/read-routing';
import { SESSION_SPEC } from '../../../src/modules/session/session.loaders';
import { SessionEntity } from '../../../src/modules/session/session.entity';
import { countRelation, cursorOf, loadRelationPages, RelationSpec } from '../../../src/paging/relation-page';
import { PageArgs } from '../../../src/paging/pagination';
import { SessionsBySubscriber1764001300000 } from '../../../migrations/1764001300000-SessionsBySubscriber';
import { SessionsNewestFirst1764001500000 } from '../../../migrations/1764001500000-SessionsNewestFirst';
import { resetData } from '../../helpers/harness';
import { insertSubscriber } from '../../helpers/fixtures';

/**
 * `sessions_by_subscriber` (migrations/1764001300000-SessionsBySubscriber, docs/performance.md):
 * the unpartitioned copy of the sessions' subscriber index that a page of sessions walks.
 */
let db: DataSource;
let runner: QueryRunner;
const onRunner: Queryable = { query: (sql: string, params?: unknown[]) => runner.query(sql, params) };

beforeAll(async () => {
  db = createDataSource({ poolSize: 2, replicaUrls: [] });
  await db.initialize();
  runner = db.createQueryRunner();
});
afterAll(async () => {
  await runner.release();
  await db.destroy();
});
beforeEach(() => resetData(db));

/** The same spec, read the old way: each branch on the partitioned table itself. */
const ON_SESSIONS: RelationSpec<SessionEntity> = {
  ...SESSION_SPEC,
  keyIndex: undefined,
  index: 'idx_sessions_subscriber_started',
};

const page = (first: number, after: PageArgs['after'] = null): PageArgs => ({ first, after }) as PageArgs;

/** Sessions for each subscriber, one every 19 days over three years: rows in every monthly partition. */
async function seedHistories(count: number): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    const s = await insertSubscriber(db);
    ids.push(String(s.id));
    const values: unknown[] = [];
    for (let day = 0; day < 3 * 365; day += 19) {
      const at = new Date(Date.UTC(2024, 10, 1) + (day * 24 + i) * 3_600_000);
      values.push(s.id, at, `198.51.100.${(day % 250) + 1}`);
    }
    const rows = values.length / 3;
    await db.query(
      `INSERT INTO sessions (subscriber_id, started_at, ip_address) VALUES ${Array(rows).fill('(?, ?, ?)').join(', ')}`,
      values,
    );
  }
  return ids;
}

async function expectCopyExact(): Promise<void> {
  const base = await db.query(
    'SELECT subscriber_id, started_at, id FROM sessions ORDER BY subscriber_id, started_at, id',
  );
  const copy = await db.query(
    'SELECT subscriber_id, started_at, id FROM sessions_by_subscriber ORDER BY subscriber_id, started_at, id',
  );
  expect(copy).toEqual(base);
}

async function handlerReadKey(): Promise<number> {
  const [row] = await runner.query("SHOW SESSION STATUS LIKE 'Handler_read_key'");
  return Number(row.Value);
}

test('a page of sessions for many subscribers searches each index once, not once per monthly partition', async () => {
  const ids = await seedHistories(10);
  const [{ n: partitions }] = await db.query(
    `SELECT COUNT(*) AS n FROM information_schema.PARTITIONS
     WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'sessions'`,
  );
  expect(Number(partitions)).toBeGreaterThan(30);

  const before = await handlerReadKey();
  await loadRelationPages(onRunner, ON_SESSIONS, ids, page(5));
  const onSessions = (await handlerReadKey()) - before;
  // The finding: every branch searches the index of every partition.
  expect(onSessions).toBeGreaterThanOrEqual(ids.length * Number(partitions));

  const start = await handlerReadKey();
  const pages = await loadRelationPages(onRunner, SESSION_SPEC, ids, page(5));
  const viaCopy = (await handlerReadKey()) - start;
  // One search per branch, one primary-key lookup per row of the page.
  expect(viaCopy).toBeLessThanOrEqual(ids.length * (1 + 6) + 1);
  expect(pages.map((rows) => rows.length)).toEqual(ids.map(() => 6));
});

test('pages, cursors, ranges and counts are the same as read from the sessions themselves', async () => {
  const ids = await seedHistories(4);
  const ranges = [
    [],
    [{ sql: 'started_at >= ?', params: [new Date('2025-06-01T00:00:00Z')] }],
    [
      { sql: 'started_at >= ?', params: [new Date('2025-01-01T00:00:00Z')] },
      { sql: 'started_at < ?', params: [new Date('2026-02-01T00:00:00Z')] },
    ],
  ];
  for (const filters of ranges) {
    let after: PageArgs['after'] = null;
    for (let step = 0; step < 2; step++) {
      const expected = await loadRelationPages(onRunner, ON_SESSIONS, ids, page(7, after), filters);
      const actual: SessionEntity[][] = await loadRelationPages(
        onRunner,
        SESSION_SPEC,
        ids,
        page(7, after),
        filters,
      );
      expect(actual).toEqual(expected);
      expect(actual[0].length).toBe(8);
      after = cursorOf(SESSION_SPEC.order, actual[0][6]);
    }
    expect(await countRelation(onRunner, SESSION_SPEC, ids, filters)).toEqual(
      await countRelation(onRunner, ON_SESSIONS, ids, filters),
    );
  }
});

test("the page is joined without a sort in MariaDB, and each owner's rows come newest first, ids breaking ties", async () => {
  const ids = await seedHistories(3);
  // Sessions that start at the same instant: their ids alone order them.
  const tied = new Date('2027-11-20T08:00:00Z');
  for (const id of ids) {
    await db.query(
      'INSERT INTO sessions (subscriber_id, started_at, ip_address) VALUES (?, ?, ?), (?, ?, ?), (?, ?, ?)',
      [...[id, tied, '198.51.100.7'], ...[id, tied, '198.51.100.8'], ...[id, tied, '198.51.100.9']],
    );
  }
  const statements: { sql: string; params: unknown[] }[] = [];
  const capturing: Queryable = {
    query: (sql: string, params?: unknown[]) => {
      statements.push({ sql, params: params ?? [] });
      return runner.query(sql, params);
    },
  };
  const pages: SessionEntity[][] = await loadRelationPages(capturing, SESSION_SPEC, ids, page(5));
  expect(pages).toEqual(await loadRelationPages(onRunner, ON_SESSIONS, ids, page(5)));
  for (const rows of pages) {
    expect(rows[0].startedAt).toEqual(tied);
    const order = rows.map((row) => [row.startedAt.getTime(), BigInt(row.id)] as const);
    const sorted = [...order].sort((x, y) => y[0] - x[0] || (y[1] > x[1] ? 1 : y[1] < x[1] ? -1 : 0));
    expect(order).toEqual(sorted);
  }
  // Sorting the joined page cost a temporary table and a filesort on every request.
  expect(statements).toHaveLength(1);
  const plan: { Extra: string | null }[] = await runner.query(
    `EXPLAIN ${statements[0].sql}`,
    statements[0].params,
  );
  expect(plan.map((row) => row.Extra ?? '').join('; ')).not.toMatch(/filesort|temporary/i);
});

test('the copy is keyed newest first, in the order a page reads it', async () => {
  // Each of a page's 50 branches walked the ascending key backwards: in the page's own
  // order it reads forwards, and MariaDB spends a sixth less on the branches.
  const key: { column: string; order: string }[] = await db.query(
    `SELECT COLUMN_NAME AS \`column\`, COLLATION AS \`order\` FROM information_schema.STATISTICS
      WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'sessions_by_subscriber' AND INDEX_NAME = 'PRIMARY'
      ORDER BY SEQ_IN_INDEX`,
  );
  expect(key).toEqual([
    { column: 'subscriber_id', order: 'A' },
    { column: 'started_at', order: 'D' },
    { column: 'id', order: 'D' },
  ]);
});

test('triggers keep the copy exact through inserts, moves across partitions, updates and deletes', async () => {
  const [a, b] = await seedHistories(2);
  await expectCopyExact();
  // A start moved to another month, and a session handed to another subscriber.
  await db.query(
    "UPDATE sessions SET started_at = '2026-10-15 12:00:00' WHERE subscriber_id = ? AND id % 3 = 0",
    [a],
  );
  await db.query('UPDATE sessions SET subscriber_id = ? WHERE subscriber_id = ? AND id % 5 = 0', [b, a]);
  // Masking an address changes nothing in the copy.
  await db.query("UPDATE sessions SET ip_address = '198.51.100.0/24' WHERE subscriber_id = ?", [b]);
  await db.query('DELETE FROM sessions WHERE id % 7 = 0');
  await expectCopyExact();

  // The migration's backfill on existing data, in steps of one subscriber, gives the same.
  const migration = new SessionsBySubscriber1764001300000(1);
  const newestFirst = new SessionsNewestFirst1764001500000();
  await newestFirst.down(runner);
  await migration.down(runner);
  await migration.up(runner);
  await newestFirst.up(runner);
  await expectCopyExact();

  await resetData(db);
  expect(await db.query('SELECT * FROM sessions_by_subscriber')).toEqual([]);
});
