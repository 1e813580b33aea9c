import { Role } from '../../../src/auth/roles';
import { DataCategory } from '../../../src/access/categories';
import { AccessBasis } from '../../../src/access/basis';
import { appendAccessLogNow, verifyAccessLog } from '../../../src/access-log/access-log.service';
import { AccessLogConnection } from '../../../src/access-log/access-log-connection';
import { newRequestStore } from '../../../src/common/request-store';
import { requestDataSource } from '../../../src/database/request-database';
import { createDataSource } from '../../../src/data-source';
import { startHarness, Harness } from '../../helpers/harness';
import { loggedOnlySubscriberId } from '../../helpers/privacy-fixtures';
import { packetsOf } from '../../helpers/driver-packets';

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

describe("the access log's own connection", () => {
  test('an append is two packets (begin and lock; rows, head and commit), and counts its six statements', async () => {
    await appendAccessLogNow(h.db, actor, 'warm-up', page(1)); // the connection's first use sets its limit
    const store = newRequestStore('two-packets');
    const packets = (
      await packetsOf(() =>
        appendAccessLogNow(requestDataSource(h.db, store), actor, store.requestId, page(50)),
      )
    ).map(({ sql }) => sql);
    // Through the pool, each statement was a packet of its own: six, one after another.
    expect(packets).toHaveLength(2);
    expect(packets[0]).toMatch(
      /START TRANSACTION;\s*SELECT last_id, last_hash FROM access_log_head .* FOR UPDATE$/,
    );
    expect(packets[1]).toMatch(/^INSERT INTO access_log .*;\s*UPDATE access_log_head SET .*;\s*COMMIT$/s);
    expect(store.sqlStatements).toBe(6);
    expect((await verifyAccessLog(h.db)).ok).toBe(true);
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
      `CREATE TRIGGER access_log_refuse BEFORE INSERT ON access_log FOR EACH ROW
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
