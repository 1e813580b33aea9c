import { DataSource, QueryRunner } from 'typeorm';
import { createDataSource } from '../../../src/data-source';
import type { Queryable } from '../../../src/database/read-routing';
import { SESSION_SPEC } from '../../../src/modules/session/session.loaders';
import { SessionEntity } from '../../../src/modules/session/session.entity';
import { loadRelationPages, RelationSpec } from '../../../src/paging/relation-page';
import { PageArgs } from '../../../src/paging/pagination';
import {
  RecentSessions1764001600000,
  RECENT_SESSIONS_KEPT,
} from '../../../migrations/1764001600000-RecentSessions';
import { SessionsBySubscriber1764001300000 } from '../../../migrations/1764001300000-SessionsBySubscriber';
import { SessionsNewestFirst1764001500000 } from '../../../migrations/1764001500000-SessionsNewestFirst';
import { resetData } from '../../helpers/harness';
import { insertSubscriber } from '../../helpers/fixtures';

/**
 * `sessions_recent` (migrations/1764001600000-RecentSessions): each subscriber's newest six
 * sessions, kept by triggers, from which a first page of up to five is read by one join.
 */
let db: DataSource;
let runner: QueryRunner;
const statements: string[] = [];
const onRunner: Queryable = {
  query: (sql: string, params?: unknown[]) => {
    statements.push(sql);
    return runner.query(sql, params);
  },
};

beforeAll(async () => {
  db = createDataSource({ poolSize: 2, replicaUrls: [] });
  await db.initialize();
  runner = db.createQueryRunner();
});
afterAll(async () => {
  await runner.release();
  await db.destroy();
});
beforeEach(async () => {
  statements.length = 0;
  await resetData(db);
});

/** The same spec read by branches over `sessions_by_subscriber`, as before the table. */
const BY_BRANCHES: RelationSpec<SessionEntity> = { ...SESSION_SPEC, newest: undefined };
const page = (first: number, after: PageArgs['after'] = null): PageArgs => ({ first, after }) as PageArgs;

/** `count` sessions for a new subscriber, in shuffled order, two of them starting at the same instant. */
async function history(count: number): Promise<string> {
  const s = await insertSubscriber(db);
  const starts = Array.from(
    { length: count },
    (_, i) => Date.UTC(2025, 0, 1) + (i - (i === 1 ? 1 : 0)) * 86_400_000,
  );
  for (let i = starts.length - 1; i > 0; i--) {
    const j = (i * 7919) % (i + 1);
    [starts[i], starts[j]] = [starts[j], starts[i]];
  }
  for (const at of starts) {
    await db.query('INSERT INTO sessions (subscriber_id, started_at, ip_address) VALUES (?, ?, ?)', [
      s.id,
      new Date(at),
      '198.51.100.1',
    ]);
  }
  return String(s.id);
}

/** The table holds exactly each subscriber's newest six sessions, as ranked from `sessions`. */
async function expectNewestExact(): Promise<void> {
  const expected = await db.query(
    `SELECT subscriber_id, started_at, id FROM (
       SELECT subscriber_id, started_at, id,
              ROW_NUMBER() OVER (PARTITION BY subscriber_id ORDER BY started_at DESC, id DESC) AS n
         FROM sessions) r
      WHERE n <= ${RECENT_SESSIONS_KEPT} ORDER BY subscriber_id, started_at, id`,
  );
  const actual = await db.query(
    'SELECT subscriber_id, started_at, id FROM sessions_recent ORDER BY subscriber_id, started_at, id',
  );
  expect(actual).toEqual(expected);
}

test('a first page of five sessions for many subscribers is one join, with no branch per subscriber', async () => {
  const ids = await Promise.all([0, 3, 6, 20].map((count) => history(count)));
  const pages = await loadRelationPages(onRunner, SESSION_SPEC, ids, page(5));
  expect(pages.map((rows) => rows.length)).toEqual([0, 3, 6, 6]);
  expect(statements).toHaveLength(1);
  // The finding: one limited SELECT per owner in a UNION ALL, ~30 µs of MariaDB each.
  expect(statements[0]).not.toMatch(/UNION/i);
  const plan: { table: string; type: string }[] = await runner.query(`EXPLAIN ${statements[0]}`, [
    JSON.stringify(ids),
  ]);
  expect(plan.map((row) => `${row.table}:${row.type}`)).toEqual(['o:ALL', 'k:ref', 't:eq_ref']);
});

test('pages read from the newest sessions equal those the branches read, for every first page size it serves', async () => {
  const ids = [
    await history(0),
    await history(1),
    await history(5),
    await history(6),
    await history(7),
    await history(30),
  ];
  for (let first = 1; first < RECENT_SESSIONS_KEPT; first++) {
    expect(await loadRelationPages(onRunner, SESSION_SPEC, ids, page(first))).toEqual(
      await loadRelationPages(onRunner, BY_BRANCHES, ids, page(first)),
    );
  }
  // A page of six or more, a later page or a range walks the branches.
  statements.length = 0;
  await loadRelationPages(onRunner, SESSION_SPEC, ids, page(RECENT_SESSIONS_KEPT));
  await loadRelationPages(onRunner, SESSION_SPEC, ids, page(2, [Date.UTC(2025, 0, 20), '999999999']));
  await loadRelationPages(onRunner, SESSION_SPEC, ids, page(2), [
    { sql: 'started_at >= ?', params: [new Date('2025-01-10T00:00:00Z')] },
  ]);
  expect(statements.map((sql) => /UNION ALL/.test(sql))).toEqual([true, true, true]);
});

test('triggers keep the newest six exact through inserts in any order, moves, hand-overs and deletes', async () => {
  // Whichever of the sessions' triggers runs first: the copy's, re-created here, now runs
  // after this table's (a refill that read the copy before its delete kept the deleted key).
  const copy = new SessionsBySubscriber1764001300000(1);
  const newestFirst = new SessionsNewestFirst1764001500000();
  await newestFirst.down(runner);
  await copy.down(runner);
  await copy.up(runner);
  await newestFirst.up(runner);
  const [a, b, c] = [await history(12), await history(4), await history(9)];
  await expectNewestExact();
  // An older session than all six is not kept; a newer one pushes the oldest out.
  await db.query('INSERT INTO sessions (subscriber_id, started_at, ip_address) VALUES (?, ?, ?), (?, ?, ?)', [
    a,
    new Date('2020-01-01T00:00:00Z'),
    '198.51.100.2',
    a,
    new Date('2027-01-01T00:00:00Z'),
    '198.51.100.3',
  ]);
  await expectNewestExact();
  // The newest moved into the past, a session handed to another subscriber.
  await db.query(
    "UPDATE sessions SET started_at = '2019-06-01 00:00:00' WHERE subscriber_id = ? ORDER BY started_at DESC LIMIT 1",
    [a],
  );
  await db.query(
    'UPDATE sessions SET subscriber_id = ? WHERE subscriber_id = ? ORDER BY started_at DESC LIMIT 2',
    [b, c],
  );
  // An address masked changes nothing here.
  await db.query("UPDATE sessions SET ip_address = '198.51.100.0/24' WHERE subscriber_id = ?", [b]);
  await expectNewestExact();
  // Deleting a kept session brings the next newest in; deleting them all leaves none.
  await db.query('DELETE FROM sessions WHERE subscriber_id = ? ORDER BY started_at DESC LIMIT 3', [a]);
  await db.query('DELETE FROM sessions WHERE id % 4 = 0');
  await expectNewestExact();
  await db.query('DELETE FROM sessions WHERE subscriber_id = ?', [c]);
  await expectNewestExact();

  // The migration's backfill, in steps of one subscriber, gives the same table.
  const migration = new RecentSessions1764001600000(1);
  await migration.down(runner);
  await migration.up(runner);
  await expectNewestExact();
});

test('concurrent inserts for one subscriber all succeed and leave its newest six in the table', async () => {
  const s = await insertSubscriber(db);
  const start = Date.UTC(2026, 5, 1);
  await Promise.all(
    Array.from({ length: 8 }, async (_, writer) => {
      for (let i = 0; i < 25; i++) {
        await db.query('INSERT INTO sessions (subscriber_id, started_at, ip_address) VALUES (?, ?, ?)', [
          s.id,
          new Date(start + (i * 8 + writer) * 60_000),
          '198.51.100.4',
        ]);
      }
    }),
  );
  const newest: { id: string }[] = await db.query(
    'SELECT id FROM sessions WHERE subscriber_id = ? ORDER BY started_at DESC, id DESC LIMIT 6',
    [s.id],
  );
  const kept: { id: string }[] = await db.query('SELECT id FROM sessions_recent WHERE subscriber_id = ?', [
    s.id,
  ]);
  expect(kept.map((row) => row.id)).toEqual(expect.arrayContaining(newest.map((row) => row.id)));
  expect(await loadRelationPages(onRunner, SESSION_SPEC, [String(s.id)], page(5))).toEqual(
    await loadRelationPages(onRunner, BY_BRANCHES, [String(s.id)], page(5)),
  );
});

test("the session list's first pages are served from the table as far as it keeps", () => {
  expect(SESSION_SPEC.newest).toEqual({ table: 'sessions_recent', kept: RECENT_SESSIONS_KEPT });
});
