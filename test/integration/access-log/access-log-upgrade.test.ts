import { DataSource } from 'typeorm';
import { Role } from '../../../src/auth/roles';
import { DataCategory } from '../../../src/access/categories';
import { AccessBasis } from '../../../src/access/basis';
import { appendAccessLogNow, toChainedEntry } from '../../../src/access-log/access-log.service';
import { verifyAccessLog } from '../../../src/access-log/chain-verification';
import { AccessLogEntity } from '../../../src/access-log/access-log.entity';
import { accessLogKeyring } from '../../../src/access-log/access-log-keys';
import { chainHash, ChainedEntry, GENESIS_HASH } from '../../../src/access-log/hash-chain';
import { createDataSource } from '../../../src/data-source';
import { dropDatabase } from '../../../src/database/bootstrap';
import { KeyedAccessLog1764000900000 } from '../../../migrations/1764000900000-KeyedAccessLog';
import { testDatabaseUrl } from '../../helpers/database-url';
import { migrateAcross } from '../../helpers/migrate-across';
import { asDatabaseOwner } from '../../helpers/tamper';

/**
 * The upgrade of a log written before it was keyed (docs/access-log.md): its plain
 * sha-256 entries stay as they are and verify up to ACCESS_LOG_LEGACY_UNTIL, a number kept
 * outside the database; everything after is keyed, and a chain re-computed as plain
 * sha-256 past that point, or a rewritten legacy entry, does not verify.
 */
const url = `${testDatabaseUrl()}_upgrade`;
const LEGACY = 5;
let db: DataSource;

beforeAll(async () => {
  await migrateAcross(url, KeyedAccessLog1764000900000, async (before) => {
    // Entries written by the previous version: a plain sha-256 chain.
    let previous = GENESIS_HASH;
    for (let id = 1; id <= LEGACY; id++) {
      const entry: ChainedEntry = {
        id: String(id),
        at: new Date(Date.UTC(2026, 0, id)),
        requestId: `legacy-${id}`,
        actorId: 'billing-old',
        actorRole: 'BILLING',
        subscriberId: String(id),
        category: 'BILLING',
        fields: ['billing.cardLast4'],
        basis: 'ID_VERIFICATION',
        disclosureExceptionId: null,
        operation: 'subscriber',
      };
      const hash = chainHash(previous, entry);
      await before.query(
        `INSERT INTO access_log (id, at, request_id, actor_id, actor_role, subscriber_id, category, fields, basis,
           disclosure_exception_id, operation, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, ?, ?, ?)`,
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
          entry.operation,
          previous,
          hash,
        ],
      );
      previous = hash;
    }
    await before.query('UPDATE access_log_head SET last_id = ?, last_hash = ? WHERE id = 1', [
      LEGACY,
      previous,
    ]);
  });
  db = createDataSource({ url, poolSize: 2, replicaUrls: [] });
  await db.initialize();
  const actor = { actorId: 'billing-new', role: Role.BILLING };
  for (let i = 0; i < 3; i++) {
    await appendAccessLogNow(db, actor, `keyed-${i}`, [
      {
        subscriberId: '9',
        category: DataCategory.BILLING,
        fields: ['billing.cardLast4'],
        basis: AccessBasis.ROLE,
        operation: 'subscriber',
      },
    ]);
  }
});
afterAll(async () => {
  await db?.destroy();
  await dropDatabase(url);
});

const upgraded = () => ({ ...accessLogKeyring(), legacyUntil: BigInt(LEGACY) });

test('the migration notes where the plain entries end; new entries are keyed after them', async () => {
  const [head] = await db.query('SELECT last_id, legacy_until FROM access_log_head WHERE id = 1');
  expect(Number(head.legacy_until)).toBe(LEGACY);
  expect(Number(head.last_id)).toBe(LEGACY + 3);
  const keyIds = (await db.query('SELECT key_id FROM access_log ORDER BY id')).map(
    (r: { key_id: string | null }) => r.key_id,
  );
  expect(keyIds).toEqual([null, null, null, null, null, 'test1', 'test1', 'test1']);
});

test('with ACCESS_LOG_LEGACY_UNTIL set, the whole log verifies; without, the plain entries do not', async () => {
  expect(await verifyAccessLog(db, { keys: upgraded() })).toMatchObject({ ok: true, checked: LEGACY + 3 });
  expect(await verifyAccessLog(db)).toMatchObject({ ok: false, firstBrokenId: '1' });
});

/** Rewrites entries from..through with plain sha-256 after `edit`, runs `check`, restores everything. */
async function rechain(from: number, through: number, edit: string, check: () => Promise<void>) {
  const saved = await db.getRepository(AccessLogEntity).find({ order: { id: 'ASC' } });
  const [head] = await db.query('SELECT last_hash FROM access_log_head WHERE id = 1');
  await asDatabaseOwner(db, async () => {
    try {
      await db.query(edit, [from]);
      let previous = saved[from - 2]?.hash ?? GENESIS_HASH;
      const rows = await db.getRepository(AccessLogEntity).find({ order: { id: 'ASC' } });
      for (const row of rows.filter((r) => Number(r.id) >= from && Number(r.id) <= through)) {
        const hash = chainHash(previous, toChainedEntry(row));
        await db.query('UPDATE access_log SET prev_hash = ?, hash = ? WHERE id = ?', [
          previous,
          hash,
          row.id,
        ]);
        previous = hash;
      }
      if (through >= rows.length)
        await db.query('UPDATE access_log_head SET last_hash = ? WHERE id = 1', [previous]);
      await check();
    } finally {
      for (const row of saved) {
        // Through the log's view, one of its two tables at a time.
        await db.query('UPDATE access_log SET actor_id = ?, key_id = ? WHERE id = ?', [
          row.actorId,
          row.keyId,
          row.id,
        ]);
        await db.query('UPDATE access_log SET prev_hash = ?, hash = ? WHERE id = ?', [
          row.prevHash,
          row.hash,
          row.id,
        ]);
      }
      await db.query('UPDATE access_log_head SET last_hash = ? WHERE id = 1', [head.last_hash]);
    }
  });
  expect((await verifyAccessLog(db, { keys: upgraded() })).ok).toBe(true);
}

test('keyed entries re-computed as plain sha-256 entries do not verify', async () => {
  await rechain(
    LEGACY + 1,
    LEGACY + 3,
    `UPDATE access_log SET actor_id = 'someone-else', key_id = NULL WHERE id >= ?`,
    async () => {
      expect(await verifyAccessLog(db, { keys: upgraded() })).toMatchObject({
        ok: false,
        firstBrokenId: String(LEGACY + 1),
      });
    },
  );
});

test('a legacy entry rewritten with its plain chain re-computed breaks at the first keyed entry', async () => {
  await rechain(3, LEGACY, `UPDATE access_log SET actor_id = 'someone-else' WHERE id = ?`, async () => {
    // Entries 3..5 pass as plain sha-256 now: only their keyed successor can tell.
    const result = await verifyAccessLog(db, { keys: upgraded() });
    expect(result.ok).toBe(false);
    expect(Number(result.firstBrokenId)).toBe(LEGACY + 1);
  });
});
