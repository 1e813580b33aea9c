import { escape } from 'mysql2';
import type { ChainedEntry } from './hash-chain';

/** The columns of an access-log row, in the order the insert lists them. */
export const ACCESS_LOG_COLUMNS = [
  'id',
  'at',
  'request_id',
  'actor_id',
  'actor_role',
  'subscriber_id',
  'category',
  'fields',
  'basis',
  'disclosure_exception_id',
  'operation',
  'key_id',
  'prev_hash',
  'hash',
] as const;

/** One row's values: a chained entry with its field list as JSON text, its key and hashes. */
export type AccessLogRowValues = Omit<ChainedEntry, 'fields'> & {
  fields: string;
  keyId: string | null;
  prevHash: string;
  hash: string;
};

const DIGITS = /^[0-9]{1,20}$/;
const HEX_HASH = /^[0-9a-f]{64}$/;

/**
 * The text of the multi-row INSERT of the access log, with its values written as SQL
 * literals. An audited page of 50 subscribers appends 50 rows of 14 values; sent as 700
 * parameters, the driver escaped each one, though most are the same for every row (the
 * request, the actor, the time, the key, the category, the field list): formatting was a
 * third of the append's CPU (docs/performance.md, "Seventh round"). Here each distinct
 * string is escaped once, by the driver's own `escape`, and reused; only values that
 * cannot need escaping go in as they are: unsigned integers and the lower-case hex
 * hashes this service computed, each checked against its pattern first, any other value
 * escaped like a string.
 */
export function accessLogInsertSql(rows: readonly AccessLogRowValues[], guard?: HeadPosition): string {
  const literals = new Map<string, string>();
  const text = (value: string | null): string => {
    if (value === null) return 'NULL';
    let literal = literals.get(value);
    if (literal === undefined) {
      literal = escape(value);
      literals.set(value, literal);
    }
    return literal;
  };
  const integer = (value: string | null) => (value !== null && DIGITS.test(value) ? value : text(value));
  const times = new Map<number, string>();
  const time = (at: Date): string => {
    let literal = times.get(at.getTime());
    if (literal === undefined) {
      // In UTC, as the pool writes dates (its time zone is 'Z').
      literal = escape(at, false, 'Z');
      times.set(at.getTime(), literal);
    }
    return literal;
  };
  const values = rows.map(
    (row, i) =>
      `(${integer(row.id)},${time(row.at)},${text(row.requestId)},${text(row.actorId)},` +
      `${text(row.actorRole)},${integer(row.subscriberId)},${text(row.category)},${text(row.fields)},` +
      `${text(row.basis)},${integer(row.disclosureExceptionId)},${text(row.operation)},` +
      `${text(row.keyId)},${i === 0 && guard ? guardedPrevHash(row.prevHash, guard) : hashLiteral(row.prevHash)},` +
      `${hashLiteral(row.hash)})`,
  );
  return `INSERT INTO access_log (${ACCESS_LOG_COLUMNS.join(', ')}) VALUES ${values.join(', ')}`;
}

/**
 * The head moved past the rows just inserted: its id and hash as literals. With `from`,
 * only if the head is still where the rows were chained onto (an append that did not lock
 * the head first: access-log-group-commit.ts); otherwise it is left as it is.
 */
export function accessLogHeadUpdateSql(lastId: bigint, lastHash: string, from?: HeadPosition): string {
  const set = `UPDATE access_log_head SET last_id = ${lastId.toString()}, last_hash = ${hashLiteral(lastHash)} WHERE id = 1`;
  return from
    ? `${set} AND last_id = ${from.lastId.toString()} AND last_hash = ${hashLiteral(from.lastHash)}`
    : set;
}

/** A position of the chain's head: its last entry's id and hash. */
export interface HeadPosition {
  lastId: bigint;
  lastHash: string;
}

/**
 * The first row's previous hash, written as a subquery that gives it only if the head now
 * stands where the batch ends (`to`), which it does only if the guarded head update before
 * it moved it there. Otherwise the subquery is NULL, and `prev_hash` is NOT NULL: the
 * insert fails (the log's connection runs in strict mode), nothing is written, and the
 * append is retried with the head locked.
 */
function guardedPrevHash(prevHash: string, to: HeadPosition): string {
  return (
    `(SELECT ${hashLiteral(prevHash)} FROM access_log_head WHERE id = 1 ` +
    `AND last_id = ${to.lastId.toString()} AND last_hash = ${hashLiteral(to.lastHash)})`
  );
}

/** A hash this service computed goes in as it is once it matches its pattern; else escaped. */
function hashLiteral(value: string): string {
  return HEX_HASH.test(value) ? `'${value}'` : escape(value);
}
