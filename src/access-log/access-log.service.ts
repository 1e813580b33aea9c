import type { DataSource, EntityManager } from 'typeorm';
import type { Identity } from '../auth/actor';
import type { Role } from '../auth/roles';
import type { DataCategory } from '../access/categories';
import type { AccessBasis } from '../access/basis';
import { clock } from '../common/clock';
import { AccessLogEntity } from './access-log.entity';
import { ChainedEntry, keyedChainHash } from './hash-chain';
import { accessLogKeyring } from './access-log-keys';
import { groupCommitFor } from './access-log-group-commit';
import { accessLogInsertSql } from './access-log-insert';
import { requestOfDataSource } from '../database/request-database';
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

/** One request's entries: who read, in which request, what. */
export interface AccessBatch {
  actor: Actor;
  requestId: string;
  records: AccessRecord[];
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
  return (await appendAccessBatches(manager, [{ actor, requestId, records }]))[0];
}

/**
 * The entries of several requests, chained in order, in one insert under one lock of the
 * head row (the group commit of access-log-group-commit.ts). Returns each batch's rows.
 */
export async function appendAccessBatches(
  manager: EntityManager,
  batches: AccessBatch[],
): Promise<AccessLogEntity[][]> {
  if (batches.every((batch) => batch.records.length === 0)) return batches.map(() => []);
  if (!manager.queryRunner?.isTransactionActive) {
    throw new Error('appendAccessLog must run inside a transaction');
  }
  const [head] = await manager.query(
    'SELECT last_id, last_hash FROM access_log_head WHERE id = 1 FOR UPDATE',
  );
  let lastId = BigInt(head.last_id);
  let previous: string = head.last_hash;
  const keys = accessLogKeyring();
  const at = clock.now();
  const rows: AccessLogEntity[] = [];
  const chained = batches.map(({ actor, requestId, records }) =>
    records.map((record) => {
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
      const hash = keyedChainHash(keys.current, previous, entry);
      const row = Object.assign(new AccessLogEntity(), entry, {
        fields: JSON.stringify(entry.fields),
        keyId: keys.currentId,
        prevHash: previous,
        hash,
      });
      rows.push(row);
      previous = hash;
      return row;
    }),
  );
  const count = rows.length;
  try {
    // Plain SQL, each distinct value escaped once: this insert runs for every audited read.
    await manager.query(accessLogInsertSql(rows));
    await manager.query('UPDATE access_log_head SET last_id = ?, last_hash = ? WHERE id = 1', [
      lastId.toString(),
      previous,
    ]);
  } catch (error) {
    countAccessLogEntriesFailed(count);
    throw error;
  }
  noteAccessLogEntriesPending(manager.queryRunner, count);
  return chained;
}

/**
 * Appends in a transaction of its own (reads: written before the response leaves),
 * shared with the other requests of this process appending at the same time.
 */
export async function appendAccessLogNow(
  db: DataSource,
  actor: Actor,
  requestId: string,
  records: AccessRecord[],
): Promise<AccessLogEntity[]> {
  if (records.length === 0) return [];
  return groupCommitFor(db).append({ actor, requestId, records }, requestOfDataSource(db));
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

// Verification lives with the keys and anchors it checks against.
export { verifyAccessLog } from './chain-verification';
export type { ChainVerification, VerifyOptions } from './chain-verification';
