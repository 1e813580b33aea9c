import type { DataSource, EntityManager } from 'typeorm';
import type { Identity } from '../auth/identity';
import type { Role } from '../auth/roles';
import type { DataCategory } from '../access/categories';
import type { AccessBasis } from '../access/basis';
import { clock } from '../common/clock';
import { AccessLogEntity } from './access-log.entity';
import { chainHash, ChainedEntry, GENESIS_HASH } from './hash-chain';
import {
  countAccessLogEntriesFailed,
  noteAccessLogEntriesPending,
} from '../observability/access-log-metrics';

/** What a caller records: who is added by `appendAccessLog`. */
export interface AccessRecord {
  subscriberId: string | null;
  category: DataCategory;
  fields: string[];
  basis: AccessBasis;
  disclosureExceptionId?: string | null;
  /** The query/mutation name or action, e.g. "updateBillingInfo", "retention.purge". */
  operation: string | null;
}

export interface Actor {
  actorId: string;
  role: Role;
}

export function actorOf(identity: Identity): Actor {
  return { actorId: identity.actorId, role: identity.role };
}

/**
 * Appends entries to the chain in ONE multi-row insert, inside the caller's transaction
 * (a mutation's own, so the change and its log entry commit together). The head row's
 * lock serialises concurrent appends: the chain never forks.
 */
export async function appendAccessLog(
  manager: EntityManager,
  actor: Actor,
  requestId: string,
  records: AccessRecord[],
): Promise<AccessLogEntity[]> {
  if (records.length === 0) return [];
  if (!manager.queryRunner?.isTransactionActive) {
    throw new Error('appendAccessLog must run inside a transaction');
  }
  const [head] = await manager.query(
    'SELECT last_id, last_hash FROM access_log_head WHERE id = 1 FOR UPDATE',
  );
  let lastId = BigInt(head.last_id);
  let previous: string = head.last_hash;
  const at = clock.now();
  const rows = records.map((record) => {
    lastId += 1n;
    const entry: ChainedEntry = {
      id: lastId.toString(),
      at,
      requestId,
      actorId: actor.actorId,
      actorRole: actor.role,
      subscriberId: record.subscriberId,
      category: record.category,
      fields: [...new Set(record.fields)].sort(),
      basis: record.basis,
      disclosureExceptionId: record.disclosureExceptionId ?? null,
      operation: record.operation,
    };
    const hash = chainHash(previous, entry);
    const row = Object.assign(new AccessLogEntity(), {
      ...entry,
      fields: JSON.stringify(entry.fields),
      prevHash: previous,
      hash,
    });
    previous = hash;
    return row;
  });
  try {
    await manager.createQueryBuilder().insert().into(AccessLogEntity).values(rows).execute();
    await manager.query('UPDATE access_log_head SET last_id = ?, last_hash = ? WHERE id = 1', [
      lastId.toString(),
      previous,
    ]);
  } catch (error) {
    countAccessLogEntriesFailed(rows.length);
    throw error;
  }
  noteAccessLogEntriesPending(manager.queryRunner, rows.length);
  return rows;
}

/** Appends in a transaction of its own (reads: written before the response leaves). */
export async function appendAccessLogNow(
  db: DataSource,
  actor: Actor,
  requestId: string,
  records: AccessRecord[],
): Promise<AccessLogEntity[]> {
  if (records.length === 0) return [];
  return db.transaction('READ COMMITTED', (manager) => appendAccessLog(manager, actor, requestId, records));
}

export function toChainedEntry(row: AccessLogEntity): ChainedEntry {
  return {
    id: String(row.id),
    at: row.at,
    requestId: row.requestId,
    actorId: row.actorId,
    actorRole: row.actorRole,
    subscriberId: row.subscriberId === null ? null : String(row.subscriberId),
    category: row.category,
    fields: JSON.parse(row.fields) as string[],
    basis: row.basis,
    disclosureExceptionId: row.disclosureExceptionId === null ? null : String(row.disclosureExceptionId),
    operation: row.operation,
  };
}

export interface ChainVerification {
  ok: boolean;
  checked: number;
  firstBrokenId: string | null;
}

/**
 * Walks the whole chain in id order, in batches, recomputing every hash: an edited,
 * removed or inserted entry breaks it at the first place it touches.
 */
export async function verifyAccessLog(db: DataSource, batchSize = 2000): Promise<ChainVerification> {
  let previous = GENESIS_HASH;
  let expectedId = 1n;
  let checked = 0;
  let afterId = '0';
  for (;;) {
    const rows = await db
      .getRepository(AccessLogEntity)
      .createQueryBuilder('l')
      .where('l.id > :afterId', { afterId })
      .orderBy('l.id', 'ASC')
      .limit(batchSize)
      .getMany();
    if (rows.length === 0) break;
    for (const row of rows) {
      let entry: ChainedEntry;
      try {
        entry = toChainedEntry(row);
      } catch {
        return { ok: false, checked, firstBrokenId: String(row.id) };
      }
      const intact =
        BigInt(row.id) === expectedId && row.prevHash === previous && row.hash === chainHash(previous, entry);
      if (!intact) return { ok: false, checked, firstBrokenId: String(row.id) };
      previous = row.hash;
      expectedId += 1n;
      checked += 1;
    }
    afterId = String(rows[rows.length - 1].id);
  }
  const [head] = await db.query('SELECT last_id, last_hash FROM access_log_head WHERE id = 1');
  // Entries cut off the end of the chain show as a head that points past the last row.
  if (BigInt(head.last_id) !== expectedId - 1n || head.last_hash !== previous) {
    return { ok: false, checked, firstBrokenId: String(expectedId) };
  }
  return { ok: true, checked, firstBrokenId: null };
}
