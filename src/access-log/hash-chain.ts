import { createHash, createHmac } from 'node:crypto';

/** The fields of an entry that its hash covers: everything but the hashes themselves. */
export interface ChainedEntry {
  id: string;
  at: Date;
  requestId: string;
  actorId: string;
  actorRole: string;
  subscriberId: string | null;
  category: string;
  fields: string[];
  basis: string;
  disclosureExceptionId: string | null;
  operation: string | null;
}

export const GENESIS_HASH = '0'.repeat(64);

/**
 * Canonical JSON: keys in a fixed order, dates as ISO-8601 with milliseconds, nulls
 * explicit. The same entry always serialises to the same bytes.
 */
export function canonicalJson(entry: ChainedEntry): string {
  return JSON.stringify([
    ['id', String(entry.id)],
    ['at', entry.at.toISOString()],
    ['requestId', entry.requestId],
    ['actorId', entry.actorId],
    ['actorRole', entry.actorRole],
    ['subscriberId', entry.subscriberId === null ? null : String(entry.subscriberId)],
    ['category', entry.category],
    ['fields', entry.fields],
    ['basis', entry.basis],
    [
      'disclosureExceptionId',
      entry.disclosureExceptionId === null ? null : String(entry.disclosureExceptionId),
    ],
    ['operation', entry.operation],
  ]);
}

/**
 * The chain of entries written before the log was keyed: sha256(previous hash || canonical
 * entry). Anyone who can write SQL can recompute it, so it is only verified for entries
 * up to ACCESS_LOG_LEGACY_UNTIL (docs/access-log.md); new entries use `keyedChainHash`.
 */
export function chainHash(previousHash: string, entry: ChainedEntry): string {
  return createHash('sha256').update(previousHash).update(canonicalJson(entry)).digest('hex');
}

/**
 * docs/design.md section 3: hash = HMAC-SHA256(ACCESS_LOG_KEY, previous hash || canonical entry).
 * The key lives outside the database, so whoever can edit rows cannot recompute a chain
 * that verifies.
 */
export function keyedChainHash(key: Buffer, previousHash: string, entry: ChainedEntry): string {
  return createHmac('sha256', key).update(previousHash).update(canonicalJson(entry)).digest('hex');
}
