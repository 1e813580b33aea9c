import { Role } from '../../../src/auth/roles';
import { DataCategory } from '../../../src/access/categories';
import { AccessBasis } from '../../../src/access/basis';
import { appendAccessLogNow, verifyAccessLog } from '../../../src/access-log/access-log.service';
import { startHarness, Harness } from '../../helpers/harness';
import { loggedOnlySubscriberId } from '../../helpers/privacy-fixtures';
import { packetsOf } from '../../helpers/driver-packets';
import { escape } from 'mysql2';

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
  test('a page of 50 entries is one insert of 50 slim rows and one of their group, binding no parameters', async () => {
    const actor = { actorId: 'billing-insert', role: Role.BILLING };
    let rows: unknown[] = [];
    const packets = await packetsOf(async () => {
      rows = await appendAccessLogNow(h.db, actor, 'insert-shape', page(['billing.cardLast4', 'payments']));
    });
    expect(rows).toHaveLength(50);
    const inserts = packets.filter(({ sql }) => sql.includes('INSERT INTO access_log_entries'));
    expect(inserts).toHaveLength(1);
    const [{ sql: packet, values }] = inserts;
    expect(values ?? []).toHaveLength(0);
    const statements = packet.split(/;\n/);
    const entries = statements.filter((sql) => sql.startsWith('INSERT INTO access_log_entries'));
    const groups = statements.filter((sql) => sql.startsWith('INSERT INTO access_log_groups'));
    expect(entries).toHaveLength(1);
    expect(groups).toHaveLength(1);
    // Every entry names its group: the id of the page's first entry.
    const groupIds = [...entries[0].matchAll(/\((\d+),(\d+),9\d{6},/g)].map((match) => match[2]);
    expect(groupIds).toHaveLength(50);
    expect(new Set(groupIds).size).toBe(1);
    expect(groups[0]).toContain(`VALUES (${groupIds[0]},`);
  });

  test('a page of 50 entries sends what they share once: time, request, actor, key, category, field list and operation', async () => {
    const actor = { actorId: 'billing-narrow', role: Role.BILLING };
    const fields = ['billing.cardLast4', 'payments'];
    let rows: { id: string }[] = [];
    const packets = await packetsOf(async () => {
      rows = await appendAccessLogNow(h.db, actor, 'narrow-shape', page(fields, 'narrowPage'));
    });
    expect(rows).toHaveLength(50);
    const sent = packets.map(({ sql }) => sql).join('\n');
    for (const shared of [
      "'billing-narrow'",
      "'narrow-shape'",
      escape(JSON.stringify(fields)),
      "'narrowPage'",
    ]) {
      expect(sent.split(shared)).toHaveLength(2);
    }
    // Each entry still reads whole, through the log's view, in its own order.
    const stored = await h.db.query(
      'SELECT id, actor_id, actor_role, request_id, fields, operation, basis, subscriber_id FROM access_log WHERE request_id = ? ORDER BY id',
      ['narrow-shape'],
    );
    expect(stored.map((row: { id: unknown }) => String(row.id))).toEqual(rows.map((row) => row.id));
    for (const [i, row] of stored.entries()) {
      expect(row).toMatchObject({
        actor_id: 'billing-narrow',
        actor_role: 'BILLING',
        fields: JSON.stringify(fields),
        operation: 'narrowPage',
        basis: AccessBasis.ID_VERIFICATION,
      });
      expect(String(row.subscriber_id)).toBe(loggedOnlySubscriberId(i));
    }
    expect((await verifyAccessLog(h.db)).ok).toBe(true);
  });

  test('entries share a group only while category, field list and operation stay the same; each reads its own values', async () => {
    const actor = { actorId: 'support-mixed', role: Role.SUPPORT };
    const read = (
      i: number,
      category: DataCategory,
      fields: string[],
      operation: string | null,
      basis = AccessBasis.ROLE,
    ) => ({
      subscriberId: loggedOnlySubscriberId(i),
      category,
      fields,
      basis,
      disclosureExceptionId: basis === AccessBasis.LEGAL_PROCESS ? String(700 + i) : null,
      operation,
    });
    const records = [
      read(0, DataCategory.CONTACT, ['email', 'phone'], 'subscribers'),
      read(1, DataCategory.CONTACT, ['phone', 'email', 'email'], 'subscribers', AccessBasis.LEGAL_PROCESS),
      read(2, DataCategory.CONTACT, ['email'], 'subscribers'),
      read(3, DataCategory.USAGE, ['email'], 'subscribers'),
      read(4, DataCategory.USAGE, ['email'], null),
      read(5, DataCategory.USAGE, ['email'], null),
    ];
    const rows = await appendAccessLogNow(h.db, actor, 'mixed-groups', records);
    const ids = rows.map((row) => row.id);
    const groups = await h.db.query(
      'SELECT id, group_id FROM access_log_entries WHERE id IN (?) ORDER BY id',
      [ids],
    );
    // A new group where the category, the field list (as stored: sorted, no repeats) or the
    // operation changes; the basis and the disclosure exception are each entry's own.
    const firstOf = (i: number) => ids[i];
    expect(groups.map((row: { group_id: unknown }) => String(row.group_id))).toEqual(
      [0, 0, 2, 3, 4, 4].map(firstOf),
    );
    const stored = await h.db.query(
      'SELECT category, fields, operation, basis, disclosure_exception_id FROM access_log WHERE id IN (?) ORDER BY id',
      [ids],
    );
    expect(stored).toEqual(
      records.map((record) => ({
        category: record.category,
        fields: JSON.stringify([...new Set(record.fields)].sort()),
        operation: record.operation,
        basis: record.basis,
        disclosure_exception_id: record.disclosureExceptionId,
      })),
    );
    expect((await verifyAccessLog(h.db)).ok).toBe(true);
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
