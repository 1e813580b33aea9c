import { createHash, createHmac } from 'node:crypto';
import { isoText } from '../common/date-time';

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

/** JSON text of a string or a list of strings, as JSON.stringify writes it. */
export type JsonText = (value: string | readonly string[]) => string;

/**
 * JSON.stringify that remembers each text: the entries of one append repeat the same
 * request, actor, role, category, basis, operation and field list (strings by value, lists
 * by identity), and encoding them again for each of 50 entries was a tenth of the append.
 */
export function memoJson(): JsonText {
  const texts = new Map<string | readonly string[], string>();
  return (value) => {
    let text = texts.get(value);
    if (text === undefined) {
      text = JSON.stringify(value);
      texts.set(value, text);
    }
    return text;
  };
}

/**
 * Canonical JSON: keys in a fixed order, dates as ISO-8601 with milliseconds, nulls
 * explicit. The same entry always serialises to the same bytes: those of
 * `JSON.stringify([["id", id], ["at", iso], ..., ["operation", operation]])`, which
 * test/unit/hash-chain.test.ts holds it to. Written out rather than built as nested
 * arrays, because every audited read's entry passes here (50 for a page of 50).
 */
export function canonicalJson(entry: ChainedEntry, json: JsonText = JSON.stringify): string {
  // JSON of a value inside an array, as JSON.stringify writes it there (undefined is null).
  const raw = (value: string | readonly string[] | null | undefined) =>
    value === undefined || value === null ? 'null' : json(value);
  const str = (value: unknown) => json(String(value));
  const nullableStr = (value: unknown) => (value === null ? 'null' : str(value));
  return (
    `[["id",${str(entry.id)}],["at","${isoText(entry.at)}"],["requestId",${raw(entry.requestId)}]` +
    `,["actorId",${raw(entry.actorId)}],["actorRole",${raw(entry.actorRole)}]` +
    `,["subscriberId",${nullableStr(entry.subscriberId)}],["category",${raw(entry.category)}]` +
    `,["fields",${raw(entry.fields)}],["basis",${raw(entry.basis)}]` +
    `,["disclosureExceptionId",${nullableStr(entry.disclosureExceptionId)}],["operation",${raw(entry.operation)}]]`
  );
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
export function keyedChainHash(
  key: Buffer,
  previousHash: string,
  entry: ChainedEntry,
  json: JsonText = JSON.stringify,
): string {
  // One update of the concatenation: the same bytes as two, one call into the binding fewer.
  return createHmac('sha256', key)
    .update(previousHash + canonicalJson(entry, json))
    .digest('hex');
}
