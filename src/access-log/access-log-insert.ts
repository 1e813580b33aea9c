import { escape } from 'mysql2';

/** The columns of the two tables of the log, in the order their inserts list them. */
export const ACCESS_LOG_ENTRY_COLUMNS = [
  'id',
  'group_id',
  'subscriber_id',
  'basis',
  'disclosure_exception_id',
  'prev_hash',
  'hash',
] as const;
export const ACCESS_LOG_GROUP_COLUMNS = [
  'id',
  'at',
  'request_id',
  'actor_id',
  'actor_role',
  'category',
  'fields',
  'operation',
  'key_id',
] as const;

/** What consecutive entries of an append share, once (access_log_groups). */
export interface AccessLogGroupValues {
  /** The id of its first entry. */
  id: string;
  at: Date;
  requestId: string;
  actorId: string;
  actorRole: string;
  category: string;
  /** The field list as JSON text. */
  fields: string;
  operation: string | null;
  keyId: string | null;
}

/** One entry's own values and place in the chain (access_log_entries). */
export interface AccessLogEntryValues {
  id: string;
  groupId: string;
  subscriberId: string | null;
  basis: string;
  disclosureExceptionId: string | null;
  prevHash: string;
  hash: string;
}

const DIGITS = /^[0-9]{1,20}$/;
const HEX_HASH = /^[0-9a-f]{64}$/;

/**
 * The two multi-row INSERTs of an append, entries first, with their values written as SQL
 * literals. Sent as parameters, the driver escaped each of hundreds of values per page
 * (docs/performance.md, "Seventh round"); here each distinct string is escaped once, by
 * the driver's own `escape`, and reused. Only values that cannot need escaping go in as
 * they are: unsigned integers and the lower-case hex hashes this service computed, each
 * checked against its pattern first; any other value is escaped like a string. With
 * `guard`, the first entry's previous hash holds only if the head stands there
 * (`guardedPrevHash`): the entries go first, so a refused append writes no group either.
 */
export function accessLogInsertSql(
  entries: readonly AccessLogEntryValues[],
  groups: readonly AccessLogGroupValues[],
  guard?: HeadPosition,
): [entries: string, groups: string] {
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
  const entryValues = entries.map(
    (row, i) =>
      `(${integer(row.id)},${integer(row.groupId)},${integer(row.subscriberId)},${text(row.basis)},` +
      `${integer(row.disclosureExceptionId)},` +
      `${i === 0 && guard ? guardedPrevHash(row.prevHash, guard) : hashLiteral(row.prevHash)},` +
      `${hashLiteral(row.hash)})`,
  );
  const groupValues = groups.map(
    (group) =>
      // In UTC, as the pool writes dates (its time zone is 'Z').
      `(${integer(group.id)},${escape(group.at, false, 'Z')},${text(group.requestId)},` +
      `${text(group.actorId)},${text(group.actorRole)},${text(group.category)},${text(group.fields)},` +
      `${text(group.operation)},${text(group.keyId)})`,
  );
  return [
    `INSERT INTO access_log_entries (${ACCESS_LOG_ENTRY_COLUMNS.join(', ')}) VALUES ${entryValues.join(', ')}`,
    `INSERT INTO access_log_groups (${ACCESS_LOG_GROUP_COLUMNS.join(', ')}) VALUES ${groupValues.join(', ')}`,
  ];
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
