import type { DataSource, EntityManager } from 'typeorm';
import type { Identity } from '../auth/actor';
import type { Role } from '../auth/roles';
import type { DataCategory } from '../access/categories';
import type { AccessBasis } from '../access/basis';
import { clock } from '../common/clock';
import { AccessLogEntity } from './access-log.entity';
import { ChainedEntry, keyedChainHash, memoJson } from './hash-chain';
import { accessLogKeyring } from './access-log-keys';
import { groupCommitFor } from './access-log-group-commit';
import {
  AccessLogEntryValues,
  AccessLogGroupValues,
  accessLogHeadUpdateSql,
  accessLogInsertSql,
  HeadPosition,
} from './access-log-insert';
import { requestOfDataSource } from '../database/request-database';
import { noteAccessLogHeadPending } from './access-log-head-subscriber';
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
 * Each record's field names, without repeats and sorted, as the entry and its hash hold
 * them. The records of a page read the same fields in the same order, one after another:
 * a list equal to the one before shares its sorted copy (which memoJson then encodes once).
 */
function sortedFieldLists(): (fields: string[]) => string[] {
  let before: string[] = [];
  let sorted: string[] = [];
  return (fields) => {
    if (fields.length !== before.length || fields.some((field, i) => field !== before[i])) {
      before = fields;
      sorted = [...new Set(fields)].sort();
    }
    return sorted;
  };
}

/**
 * Appends entries to the chain in one multi-row insert (and one of their groups), inside
 * the caller's transaction (a mutation's own, so the change and its log entry commit
 * together). The head row's lock serialises concurrent appends: the chain never forks.
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
  const [head] = await manager.query(HEAD_FOR_UPDATE);
  const chain = chainAccessBatches(head, [{ actor, requestId, records }]);
  try {
    // Plain SQL, each distinct value escaped once: these inserts run for every audited read.
    for (const sql of chain.insertSqls) await manager.query(sql);
    await manager.query(chain.headUpdateSql);
  } catch (error) {
    countAccessLogEntriesFailed(chain.count);
    throw error;
  }
  noteAccessLogEntriesPending(manager.queryRunner, chain.count);
  noteAccessLogHeadPending(manager.queryRunner, chain.head);
  return chain.batches[0];
}

/** The chain's head, locked for the rest of the transaction. */
export const HEAD_FOR_UPDATE = 'SELECT last_id, last_hash FROM access_log_head WHERE id = 1 FOR UPDATE';

/** The head row as HEAD_FOR_UPDATE reads it. */
export interface ChainHead {
  last_id: string | number | bigint;
  last_hash: string;
}

/** Batches chained onto a head: their rows, the statements that store them, the new head. */
export interface ChainedBatches {
  batches: AccessLogEntity[][];
  count: number;
  /** The head moved past the rows (with `guarded`, only if it still stood where they chain on). */
  headUpdateSql: string;
  /** The entries, then their groups (with `guarded`, only once the head update above has moved the head). */
  insertSqls: [entries: string, groups: string];
  head: HeadPosition;
}

/**
 * Chains the batches' entries, in order, onto the head: ids, hashes and the statements that
 * write them (the head moved past them, the entries, their groups). Consecutive entries of
 * one batch with the same category, field list and operation share one group row, which
 * holds those and the time, request, actor and key once (docs/access-log.md, "How entries
 * are stored"); the hash of each entry covers all of them, as before. Every value is
 * written as a literal (access-log-insert.ts). `guarded`: the head was not locked when it
 * was read, so the statements check it, and the entries' insert fails unless the head
 * update (run before it) found the head where it was read.
 */
export function chainAccessBatches(
  head: ChainHead | HeadPosition,
  batches: AccessBatch[],
  { guarded = false } = {},
): ChainedBatches {
  const from = headOf(head);
  let lastId = from.lastId;
  let previous = from.lastHash;
  const keys = accessLogKeyring();
  const at = clock.now();
  const json = memoJson();
  const fieldLists = sortedFieldLists();
  const entries: AccessLogEntryValues[] = [];
  const groups: AccessLogGroupValues[] = [];
  const chained = batches.map(({ actor, requestId, records }) => {
    let group: AccessLogGroupValues | undefined;
    return records.map((record): AccessLogEntity => {
      lastId += 1n;
      const id = lastId.toString();
      const fields = fieldLists(record.fields);
      const fieldsJson = json(fields);
      if (
        !group ||
        group.fields !== fieldsJson ||
        group.category !== record.category ||
        group.operation !== record.operation
      ) {
        group = {
          id,
          at,
          requestId,
          actorId: actor.actorId,
          actorRole: actor.role,
          category: record.category,
          fields: fieldsJson,
          operation: record.operation,
          keyId: keys.currentId,
        };
        groups.push(group);
      }
      const entry: ChainedEntry = {
        id,
        at,
        requestId,
        actorId: actor.actorId,
        actorRole: actor.role,
        subscriberId: record.subscriberId,
        category: record.category,
        fields,
        basis: record.basis,
        disclosureExceptionId: record.disclosureExceptionId ?? null,
        operation: record.operation,
      };
      const hash = keyedChainHash(keys.current, previous, entry, json);
      entries.push({
        id,
        groupId: group.id,
        subscriberId: record.subscriberId,
        basis: record.basis,
        disclosureExceptionId: entry.disclosureExceptionId,
        prevHash: previous,
        hash,
      });
      const row: AccessLogEntity = {
        id,
        at,
        requestId,
        actorId: actor.actorId,
        actorRole: actor.role,
        subscriberId: record.subscriberId,
        category: record.category,
        fields: group.fields,
        basis: record.basis,
        disclosureExceptionId: entry.disclosureExceptionId,
        operation: record.operation,
        keyId: keys.currentId,
        prevHash: previous,
        hash,
        groupId: group.id,
      };
      previous = hash;
      return row;
    });
  });
  const to: HeadPosition = { lastId, lastHash: previous };
  return {
    batches: chained,
    count: entries.length,
    headUpdateSql: accessLogHeadUpdateSql(lastId, previous, guarded ? from : undefined),
    insertSqls: accessLogInsertSql(entries, groups, guarded ? to : undefined),
    head: to,
  };
}

/** The head as a position, from the row HEAD_FOR_UPDATE reads or as one already. */
function headOf(head: ChainHead | HeadPosition): HeadPosition {
  return 'lastId' in head ? head : { lastId: BigInt(head.last_id), lastHash: head.last_hash };
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
