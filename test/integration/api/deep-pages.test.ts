import { Role } from '../../../src/auth/roles';
import { SqlLogger } from '../../../src/database/sql-logger';
import { Harness, resetData, startHarness } from '../../helpers/harness';
import { insertSubscriber } from '../../helpers/fixtures';
import { encodeCursor } from '../../../src/paging/pagination';
import { SESSION_ORDER } from '../../../src/modules/session/session.loaders';

/**
 * A page deep in a long history reads about one page of rows, not every newer row before
 * it: the keyset must run as a range on the (subscriber, time, id) index. The data export
 * walks whole histories page by page, so without this it would cost quadratic time.
 */
jest.setTimeout(120_000);

const SESSIONS = 30_000;
const FIRST = 100;

let h: Harness;
let subscriberId: string;
let admin: string;
const captured: { sql: string; params: unknown[] }[] = [];

beforeAll(async () => {
  h = await startHarness();
  await resetData(h.db);
  subscriberId = (await insertSubscriber(h.db)).id;
  const base = Date.UTC(2024, 0, 1);
  for (let i = 0; i < SESSIONS; i += 5000) {
    const rows = Array.from({ length: 5000 }, (_, j) => [
      subscriberId,
      new Date(base + (i + j) * 60_000),
      `198.51.100.${((i + j) % 250) + 1}`,
    ]);
    await h.db.query('INSERT INTO sessions (subscriber_id, started_at, ip_address) VALUES ?', [rows]);
  }
  await h.db.query('ANALYZE TABLE sessions');
  admin = await h.token(Role.ADMIN);
});

afterAll(async () => {
  jest.restoreAllMocks();
  await resetData(h.db);
  await h.close();
});

/**
 * The rows MariaDB actually read per table (by alias) for a statement (ANALYZE FORMAT=JSON:
 * r_rows per loop × r_loops); derived tables (`<derived2>`) are the statement's own
 * intermediate results, not reads.
 */
async function rowsRead(sql: string, params: unknown[]): Promise<Record<string, number>> {
  const [row] = await h.db.query(`ANALYZE FORMAT=JSON ${sql}`, params);
  const read: Record<string, number> = {};
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (!node || typeof node !== 'object') return;
    const { table_name: table, r_rows: rows, r_loops: loops = 1 } = node as Record<string, never>;
    if (table && !String(table).startsWith('<') && rows !== undefined) {
      read[table] = (read[table] ?? 0) + Number(rows) * Number(loops);
    }
    Object.values(node).forEach(walk);
  };
  walk(JSON.parse(Object.values(row)[0] as string));
  return read;
}

test('a page in the middle of 30 000 sessions reads about one page of rows', async () => {
  // The cursor of the 15 000th newest session, mid-history: 15 000 newer, 15 000 older.
  const [deep] = await h.db.query(
    'SELECT started_at, id FROM sessions WHERE subscriber_id = ? ORDER BY started_at DESC, id DESC LIMIT 1 OFFSET 14999',
    [subscriberId],
  );
  const after = encodeCursor(SESSION_ORDER, [deep.started_at.getTime(), String(deep.id)]);
  jest.spyOn(SqlLogger.prototype, 'logQuery').mockImplementation((sql, params) => {
    captured.push({ sql, params: params ?? [] });
  });
  const result = await h.run(
    `{ subscriber(id: "${subscriberId}") { sessions(first: ${FIRST}, after: "${after}") { edges { node { id } } } } }`,
    { token: admin },
  );
  jest.restoreAllMocks();
  expect(result.errors).toBeUndefined();
  const page = (result.data as { subscriber: { sessions: { edges: unknown[] } } }).subscriber.sessions;
  expect(page.edges).toHaveLength(FIRST);
  const statement = captured.find((c) => /FROM sessions/i.test(c.sql) && /LIMIT/i.test(c.sql));
  expect(statement).toBeDefined();
  const read = await rowsRead(statement!.sql, statement!.params);
  expect(Object.keys(read).length).toBeGreaterThan(0);
  for (const [table, rows] of Object.entries(read)) {
    expect({ table, rows: Math.min(rows, 2 * (FIRST + 1)) }).toEqual({ table, rows });
  }
});
