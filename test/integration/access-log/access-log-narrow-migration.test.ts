import { Role } from '../../../src/auth/roles';
import { DataCategory } from '../../../src/access/categories';
import { AccessBasis } from '../../../src/access/basis';
import { appendAccessLogNow } from '../../../src/access-log/access-log.service';
import { verifyAccessLog } from '../../../src/access-log/chain-verification';
import { accessLogKeyring } from '../../../src/access-log/access-log-keys';
import { ChainedEntry, GENESIS_HASH, keyedChainHash } from '../../../src/access-log/hash-chain';
import { createDataSource, createMigrationDataSource } from '../../../src/data-source';
import { dropDatabase } from '../../../src/database/bootstrap';
import { NarrowAccessLog1764001700000 } from '../../../migrations/1764001700000-NarrowAccessLog';
import { testDatabaseUrl } from '../../helpers/database-url';
import { migrateAcross } from '../../helpers/migrate-across';

/**
 * migrations/…-NarrowAccessLog moves the log from one wide table into groups and slim
 * entries behind a view of the old name: every entry written before reads back the same
 * through the view, the chain still verifies, new entries chain on, and the migration
 * reverts to the wide table with every entry intact.
 */
const url = `${testDatabaseUrl()}_narrow_log`;
const WIDE = 6;
let wideRows: Record<string, unknown>[];

/** Keyed entries in the wide table, as the server wrote them before: each value kind, nulls and odd text. */
function wideEntry(id: number): ChainedEntry {
  return {
    id: String(id),
    at: new Date(Date.UTC(2026, 10, id, 8, 30, 15, id * 7)),
    requestId: `wide-${id}`,
    actorId: id % 2 ? 'billing-old' : `o'brien \\ "ünï" `,
    actorRole: id % 2 ? 'BILLING' : 'COMPLIANCE',
    subscriberId: id === 3 ? null : String(100 + id),
    category: id % 2 ? 'BILLING' : 'COMPLIANCE',
    fields: id % 2 ? ['billing.cardLast4', 'payments'] : ['accessLog', `actorId=it's`],
    basis: id === 5 ? 'LEGAL_PROCESS' : 'ID_VERIFICATION',
    disclosureExceptionId: id === 5 ? '77' : null,
    operation: id === 4 ? null : 'subscribers',
  };
}

beforeAll(async () => {
  await migrateAcross(url, NarrowAccessLog1764001700000, async (before) => {
    const keys = accessLogKeyring();
    let previous = GENESIS_HASH;
    for (let id = 1; id <= WIDE; id++) {
      const entry = wideEntry(id);
      const hash = keyedChainHash(keys.current, previous, entry);
      await before.query(
        `INSERT INTO access_log (id, at, request_id, actor_id, actor_role, subscriber_id, category, fields, basis,
           disclosure_exception_id, operation, key_id, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        [
          id,
          entry.at,
          entry.requestId,
          entry.actorId,
          entry.actorRole,
          entry.subscriberId,
          entry.category,
          JSON.stringify(entry.fields),
          entry.basis,
          entry.disclosureExceptionId,
          entry.operation,
          keys.currentId,
          previous,
          hash,
        ],
      );
      previous = hash;
    }
    await before.query('UPDATE access_log_head SET last_id = ?, last_hash = ? WHERE id = 1', [
      WIDE,
      previous,
    ]);
    wideRows = await before.query('SELECT * FROM access_log ORDER BY id');
  });
}, 120_000);
afterAll(() => dropDatabase(url));

test('every entry reads back the same through the view, one group each, and the chain verifies', async () => {
  const db = createDataSource({ url, poolSize: 2, replicaUrls: [] });
  await db.initialize();
  try {
    // The old columns, each entry in a group of its own (the group's id is the entry's).
    expect(await db.query('SELECT * FROM access_log ORDER BY id')).toEqual(
      wideRows.map((row) => ({ ...row, group_id: row.id })),
    );
    const [{ entries, groups }] = await db.query(
      `SELECT (SELECT COUNT(*) FROM access_log_entries) AS entries,
              (SELECT COUNT(*) FROM access_log_groups) AS groups`,
    );
    expect([Number(entries), Number(groups)]).toEqual([WIDE, WIDE]);
    expect(await verifyAccessLog(db)).toMatchObject({ ok: true, checked: WIDE });
    await appendAccessLogNow(db, { actorId: 'billing-new', role: Role.BILLING }, 'after-narrow', [
      {
        subscriberId: '9',
        category: DataCategory.BILLING,
        fields: ['billing.cardLast4'],
        basis: AccessBasis.ID_VERIFICATION,
        operation: 'subscriber',
      },
    ]);
    expect(await verifyAccessLog(db)).toMatchObject({ ok: true, checked: WIDE + 1 });
  } finally {
    await db.destroy();
  }
});

test('reverted, the log is one wide table again with every entry, and still append-only', async () => {
  const migrator = createMigrationDataSource(url);
  await migrator.initialize();
  try {
    const current = (await migrator.query('SELECT * FROM access_log ORDER BY id')).map(
      ({ group_id: _group, ...entry }: Record<string, unknown>) => entry,
    );
    await migrator.undoLastMigration({ transaction: 'each' });
    const [{ type }] = await migrator.query(
      "SELECT table_type AS type FROM information_schema.tables WHERE table_schema = DATABASE() AND table_name = 'access_log'",
    );
    expect(type).toBe('BASE TABLE');
    const reverted = await migrator.query('SELECT * FROM access_log ORDER BY id');
    expect(reverted).toEqual(current);
    expect(reverted.slice(0, WIDE)).toEqual(wideRows);
    await expect(migrator.query("UPDATE access_log SET actor_id = 'x' WHERE id = 1")).rejects.toThrow(
      /append-only: UPDATE refused/,
    );
    await migrator.runMigrations({ transaction: 'each' });
    const again = await migrator.query('SELECT * FROM access_log ORDER BY id');
    expect(again.map(({ group_id: _group, ...entry }: Record<string, unknown>) => entry)).toEqual(current);
  } finally {
    await migrator.destroy();
  }
});
