import { Role } from '../../../src/auth/roles';
import { DataCategory } from '../../../src/access/categories';
import { AccessBasis } from '../../../src/access/basis';
import {
  appendAccessLog,
  appendAccessLogNow,
  chainAccessBatches,
  verifyAccessLog,
} from '../../../src/access-log/access-log.service';
import { AccessLogConnection } from '../../../src/access-log/access-log-connection';
import { newRequestStore } from '../../../src/common/request-store';
import { requestDataSource } from '../../../src/database/request-database';
import { createDataSource } from '../../../src/data-source';
import { startHarness, Harness } from '../../helpers/harness';
import { loggedOnlySubscriberId } from '../../helpers/privacy-fixtures';
import { formattedWhile, packetsOf } from '../../helpers/driver-packets';
import { metrics } from '../../../src/observability/metrics';
import type { DataSource } from 'typeorm';
import { createPool } from 'mysql2';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.close());
afterEach(() => jest.restoreAllMocks());

const actor = { actorId: 'billing-connection', role: Role.BILLING };
const page = (count: number) =>
  Array.from({ length: count }, (_, i) => ({
    subscriberId: loggedOnlySubscriberId(i),
    category: DataCategory.BILLING,
    fields: ['billing.cardLast4', 'payments'],
    basis: AccessBasis.ID_VERIFICATION,
    operation: 'subscribers',
  }));

/** The server thread of the log's connection, as the next append acquires it. */
async function logThreadOf(run: () => Promise<unknown>): Promise<number> {
  const acquire = jest.spyOn(AccessLogConnection.prototype, 'acquire');
  await run();
  const connection = await acquire.mock.results[0].value;
  acquire.mockRestore();
  return connection.threadId as number;
}

/** Appends counted by path so far (kacmac_access_log_appends_total). */
async function appendsByPath(): Promise<Record<string, number>> {
  const { values } = await metrics().accessLogAppends.get();
  return Object.fromEntries(values.map(({ labels, value }) => [String(labels.path), value]));
}

const GUARDED_PACKET =
  /^SET TRANSACTION ISOLATION LEVEL READ COMMITTED;\s*START TRANSACTION;\s*UPDATE access_log_head SET last_id = (\d+), last_hash = '[0-9a-f]{64}' WHERE id = 1 AND last_id = (\d+) AND last_hash = '[0-9a-f]{64}';\s*INSERT INTO access_log_entries .*\(SELECT '[0-9a-f]{64}' FROM access_log_head WHERE id = 1 AND last_id = \1 AND .*;\s*INSERT INTO access_log_groups [^;]*;\s*COMMIT$/s;
const LOCK_PACKET = /START TRANSACTION;\s*SELECT last_id, last_hash FROM access_log_head .* FOR UPDATE$/;
const WRITE_PACKET =
  /^INSERT INTO access_log_entries .*;\s*INSERT INTO access_log_groups [^;]*;\s*UPDATE access_log_head SET .*;\s*COMMIT$/s;

/** One append through `db` as a request: the packets it sent and the statements it counted. */
async function appendCounted(db: DataSource, count: number, requestId: string) {
  const store = newRequestStore(requestId);
  const packets = (
    await packetsOf(() =>
      appendAccessLogNow(requestDataSource(db, store), actor, store.requestId, page(count)),
    )
  )
    .map(({ sql }) => sql)
    // A new connection's first packet: its session's settings, before any append.
    .filter((sql) => !sql.startsWith('SET SESSION'));
  return { packets, statements: store.sqlStatements };
}

/**
 * Appends through `db` until one goes in one packet: the head is then where `db` left it,
 * with no locked appends ahead after another writer's (a test before may have been one).
 */
async function untilGuarded(db: DataSource): Promise<void> {
  for (let i = 0; i < 12; i++) {
    const { packets } = await appendCounted(db, 1, `settle-${i}`);
    if (packets.length === 1) return;
  }
  throw new Error('no append went in one packet');
}

describe("the access log's own connection", () => {
  test('an append onto the head this process left is one packet: the head moved on if still there, the rows, the commit', async () => {
    await untilGuarded(h.db);
    const { packets, statements } = await appendCounted(h.db, 50, 'one-packet');
    // Before, two packets with the head locked in between: begin and lock; rows, head, commit.
    expect(packets).toHaveLength(1);
    expect(packets[0]).toMatch(GUARDED_PACKET);
    const [, to, from] = GUARDED_PACKET.exec(packets[0])!;
    expect(BigInt(to) - BigInt(from)).toBe(50n);
    expect(statements).toBe(6);
    const [head] = await h.db.query('SELECT last_id FROM access_log_head WHERE id = 1');
    expect(String(head.last_id)).toBe(to);
    expect((await verifyAccessLog(h.db)).ok).toBe(true);
  });

  test('the first append of a process, the head not yet known, locks it first: two packets', async () => {
    const db = createDataSource({ poolSize: 1, replicaUrls: [] });
    await db.initialize();
    try {
      const { packets, statements } = await appendCounted(db, 3, 'first-append');
      expect(packets).toHaveLength(2);
      expect(packets[0]).toMatch(LOCK_PACKET);
      expect(packets[1]).toMatch(WRITE_PACKET);
      expect(statements).toBe(7);
    } finally {
      await db.destroy();
    }
  });

  test('another writer moved the head: nothing is written on the old one, the append locks the head and chains on', async () => {
    await untilGuarded(h.db);
    const other = createDataSource({ poolSize: 1, replicaUrls: [] });
    await other.initialize();
    try {
      const [theirs] = [await appendAccessLogNow(other, actor, 'theirs', page(2))];
      const moved = (await appendsByPath()).head_moved ?? 0;
      const { packets, statements } = await appendCounted(h.db, 3, 'ours-after');
      expect(packets).toHaveLength(4);
      expect(packets[0]).toMatch(GUARDED_PACKET);
      expect(packets[1]).toBe('ROLLBACK');
      expect(packets[2]).toMatch(LOCK_PACKET);
      expect(packets[3]).toMatch(WRITE_PACKET);
      expect(statements).toBe(6 + 1 + 7);
      expect((await appendsByPath()).head_moved).toBe(moved + 1);
      const rows = await h.db.query(
        "SELECT id FROM access_log WHERE request_id IN ('theirs', 'ours-after') ORDER BY id",
      );
      expect(rows.map((row: { id: string }) => BigInt(row.id))).toEqual(
        [1n, 2n, 3n, 4n, 5n].map((n) => BigInt(theirs[0].id) - 1n + n),
      );
      // The next appends lock the head first: the other writer may still be busy.
      expect((await appendCounted(h.db, 1, 'ours-next')).packets).toHaveLength(2);
      expect((await verifyAccessLog(h.db)).ok).toBe(true);
    } finally {
      await other.destroy();
    }
  });

  test("this process's own mutation moves the head: the next read append chains on it in one packet", async () => {
    await untilGuarded(h.db);
    const moved = (await appendsByPath()).head_moved ?? 0;
    const [mutation] = await h.db.transaction((manager) =>
      appendAccessLog(manager, actor, 'own-mutation', page(1)),
    );
    const { packets } = await appendCounted(h.db, 2, 'after-own-mutation');
    // Before, the head the mutation left was unknown here: the one packet wrote nothing
    // (head_moved), and the append and the next eight locked the head first.
    expect(packets).toHaveLength(1);
    const [, , from] = GUARDED_PACKET.exec(packets[0])!;
    expect(from).toBe(String(mutation.id));
    expect((await appendsByPath()).head_moved ?? 0).toBe(moved);
    // A mutation rolled back leaves nothing to adopt: the append after it still goes in one.
    await h.db
      .transaction(async (manager) => {
        await appendAccessLog(manager, actor, 'rolled-back', page(1));
        throw new Error('the change fails');
      })
      .catch(() => undefined);
    expect((await appendCounted(h.db, 1, 'after-rollback')).packets).toHaveLength(1);
    expect((await verifyAccessLog(h.db)).ok).toBe(true);
  });

  test('a guarded insert whose head update found another hash at the same id writes no row', async () => {
    const [head] = await h.db.query('SELECT last_id, last_hash FROM access_log_head WHERE id = 1');
    const elsewhere = { lastId: BigInt(head.last_id), lastHash: 'f'.repeat(64) };
    const chain = chainAccessBatches(elsewhere, [{ actor, requestId: 'guard-refused', records: page(2) }], {
      guarded: true,
    });
    const runner = h.db.createQueryRunner();
    await runner.startTransaction();
    try {
      const updated = await runner.query(chain.headUpdateSql);
      expect(updated.affectedRows).toBe(0);
      await expect(runner.query(chain.insertSqls[0])).rejects.toThrow("Column 'prev_hash' cannot be null");
    } finally {
      await runner.rollbackTransaction();
      await runner.release();
    }
    const [stored] = await h.db.query(
      "SELECT COUNT(*) AS n FROM access_log WHERE request_id = 'guard-refused'",
    );
    expect(Number(stored.n)).toBe(0);
  });

  test("the log's sessions are strict, and its statements reach the database as written", async () => {
    const acquire = jest.spyOn(AccessLogConnection.prototype, 'acquire');
    const formatted = await formattedWhile(() => appendAccessLogNow(h.db, actor, 'unformatted', page(50)));
    // Before, the driver scanned each packet's text (an insert of 50 rows, ~15 kB) for placeholders.
    expect(formatted).toBe(0);
    // The spy does see the driver's formatting, where a connection formats by default.
    const plain = createPool({ uri: 'mysql://127.0.0.1' });
    expect(await formattedWhile(async () => plain.format('SELECT ?', [1]))).toBe(1);
    await plain.end();
    const connection = await acquire.mock.results[0].value;
    const [[session]] = await connection.query('SELECT @@SESSION.sql_mode AS mode');
    expect(String(session.mode).split(',')).toContain('STRICT_ALL_TABLES');
    await expect(connection.query('SELECT ?', [1])).rejects.toThrow('takes no statement values');
  });

  test('a connection the database drops is replaced: appends go on and the chain verifies', async () => {
    const before = await logThreadOf(() => appendAccessLogNow(h.db, actor, 'before-kill', page(2)));
    await h.db.query(`KILL CONNECTION ${Number(before)}`);
    // The driver may hand out the dropped connection once before it hears of the drop:
    // that append fails as unreachable (the request gets a 503) and the next one reconnects.
    await appendAccessLogNow(h.db, actor, 'during-kill', page(2)).catch((error: { code?: string }) =>
      expect(['PROTOCOL_CONNECTION_LOST', 'ECONNRESET', 'EPIPE']).toContain(error.code),
    );
    const after = await logThreadOf(() => appendAccessLogNow(h.db, actor, 'after-kill', page(2)));
    expect(after).not.toBe(before);
    const [stored] = await h.db.query("SELECT COUNT(*) AS n FROM access_log WHERE request_id = 'after-kill'");
    expect(Number(stored.n)).toBe(2);
    expect((await verifyAccessLog(h.db)).ok).toBe(true);
  });

  test('a failed insert rolls back and leaves the head unlocked: the next append chains on', async () => {
    const [head] = await h.db.query('SELECT last_id FROM access_log_head WHERE id = 1');
    await h.db.query(
      `CREATE TRIGGER access_log_refuse BEFORE INSERT ON access_log_entries FOR EACH ROW
       SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'refused for the test'`,
    );
    try {
      await expect(appendAccessLogNow(h.db, actor, 'refused', page(3))).rejects.toThrow(
        'refused for the test',
      );
    } finally {
      await h.db.query('DROP TRIGGER access_log_refuse');
    }
    const [unchanged] = await h.db.query('SELECT last_id FROM access_log_head WHERE id = 1');
    expect(String(unchanged.last_id)).toBe(String(head.last_id));
    const rows = await appendAccessLogNow(h.db, actor, 'after-refusal', page(3));
    expect(rows.map((row) => BigInt(row.id))).toEqual([1n, 2n, 3n].map((n) => BigInt(head.last_id) + n));
    expect((await verifyAccessLog(h.db)).ok).toBe(true);
  });

  test('destroying the data source closes the connection', async () => {
    const db = createDataSource({ poolSize: 1, replicaUrls: [] });
    await db.initialize();
    const thread = await logThreadOf(() => appendAccessLogNow(db, actor, 'own-pool', page(1)));
    await db.destroy();
    const deadline = Date.now() + 5000;
    let open = 1;
    while (open > 0 && Date.now() < deadline) {
      [{ open }] = await h.db.query(
        'SELECT COUNT(*) AS open FROM information_schema.PROCESSLIST WHERE ID = ?',
        [thread],
      );
      open = Number(open);
    }
    expect(open).toBe(0);
  });
});
