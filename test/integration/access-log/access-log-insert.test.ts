import { Role } from '../../../src/auth/roles';
import { DataCategory } from '../../../src/access/categories';
import { AccessBasis } from '../../../src/access/basis';
import { appendAccessLogNow, verifyAccessLog } from '../../../src/access-log/access-log.service';
import { startHarness, Harness } from '../../helpers/harness';
import { loggedOnlySubscriberId } from '../../helpers/privacy-fixtures';
import { packetsOf } from '../../helpers/driver-packets';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.close());
afterEach(() => jest.restoreAllMocks());

const page = (fields: string[], operation = 'subscribers') =>
  Array.from({ length: 50 }, (_, i) => ({
    subscriberId: loggedOnlySubscriberId(i),
    category: DataCategory.BILLING,
    fields,
    basis: AccessBasis.ID_VERIFICATION,
    operation,
  }));

describe('the access log insert', () => {
  test('a page of 50 entries is one insert that binds no parameters: values are escaped once each, not 700 times', async () => {
    const actor = { actorId: 'billing-insert', role: Role.BILLING };
    let rows: unknown[] = [];
    const packets = await packetsOf(async () => {
      rows = await appendAccessLogNow(h.db, actor, 'insert-shape', page(['billing.cardLast4', 'payments']));
    });
    expect(rows).toHaveLength(50);
    const inserts = packets.filter(({ sql }) => sql.startsWith('INSERT INTO access_log'));
    expect(inserts).toHaveLength(1);
    const [{ sql: packet, values }] = inserts;
    expect(values ?? []).toHaveLength(0);
    const sql = packet.slice(0, packet.indexOf(';\nUPDATE access_log_head'));
    // The actor's id is written once per row, from one escaped literal.
    expect(sql.split("'billing-insert'")).toHaveLength(51);
  });

  test('hostile actor ids, request ids, operations and field names are stored exactly and the chain verifies', async () => {
    const hostile = `o'brien\\"; DROP TABLE access_log; -- \0 \n ünï 🚀`;
    const actor = { actorId: `actor ${hostile}`, role: Role.BILLING };
    const requestId = `req ${hostile}`.slice(0, 64);
    const fields = [`billing.${hostile}`, `it's`];
    const rows = await appendAccessLogNow(h.db, actor, requestId, page(fields, `op ${hostile}`).slice(0, 3));
    const stored = await h.db.query(
      'SELECT id, actor_id, request_id, operation, fields, at FROM access_log WHERE id IN (?) ORDER BY id',
      [rows.map((row) => row.id)],
    );
    expect(stored).toHaveLength(3);
    for (const [i, row] of stored.entries()) {
      expect(String(row.id)).toBe(rows[i].id);
      expect(row.actor_id).toBe(actor.actorId);
      expect(row.request_id).toBe(requestId);
      expect(row.operation).toBe(`op ${hostile}`);
      expect(JSON.parse(row.fields)).toEqual([...fields].sort());
      expect((row.at as Date).getTime()).toBe(rows[i].at.getTime());
    }
    expect((await verifyAccessLog(h.db)).ok).toBe(true);
  });
});
