import type { Queryable } from '../database/read-routing';
import { idTable, idTableParam } from '../database/id-table';
import { CursorValues, keysetCondition, PageArgs, positionalParams } from './pagination';

/**
 * Pages of a one-to-many relation for many owners in ONE statement (docs/design.md section 7),
 * read one of three ways:
 * - branches: a UNION ALL of one index-ordered, limited SELECT per owner. Each branch is a
 *   range scan on the (owner, order columns) index, so a page of 50 subscribers reads at
 *   most 50 × (first + 1) rows, however long each history is; but MariaDB spends about
 *   25 µs on each branch, rows or none.
 * - an owner scan, for relations with few rows per owner (`fewPerOwner`): one SELECT of
 *   the owners' rows ordered by owner, limited to a budget (SCAN_ROWS_PER_OWNER); the
 *   owners the budget did not reach are then read by branches.
 * - a join to a table of each owner's newest keys (`newest`, kept by triggers), for a
 *   first page no longer than it keeps: nothing is limited per owner.
 */

/**
 * The owner scan's budget per owner, at least: a branch costs MariaDB about as much as
 * reading 25 rows (measured on the dashboard's tickets and the audited page's payments:
 * 50 branches 1.1–1.4 ms of CPU, one scan of 400–550 rows 0.3–0.7 ms).
 */
export const SCAN_ROWS_PER_OWNER = 24;
export interface OrderColumn<R> {
  /** The row property the column is read into (see RelationSpec.columns). */
  field: keyof R & string;
  kind: 'date' | 'id';
}

/** How the rows of type R are read: each row comes back as R, with no mapping of its own. */
export interface RelationSpec<R> {
  table: string;
  /** Each property of a row and the column it is selected from (`column AS property`). */
  columns: { readonly [K in keyof R]-?: string };
  /** The property holding the owner's id. */
  owner: keyof R & string;
  /** Newest first; the last column must be the id. */
  order: OrderColumn<R>[];
  /**
   * The (owner, order columns) index the page walks. Named, because for a page deep in a
   * long history MariaDB prefers a `ref` scan from the owner's newest row, reading every
   * newer row before the page (a 100 000-session history: 87 000 rows for 101), over the
   * range the keyset gives on the same index.
   */
  index?: string;
  /**
   * A narrow, unpartitioned copy of the (owner, order columns) index, kept by triggers
   * (e.g. `sessions_by_subscriber`). When set, the branches walk it and the page's rows are
   * read from `table` by its primary key (`key`: columns, which must name the partitioning
   * column). On a table partitioned by time, every branch on the table itself opens and
   * searches each partition: 50 branches × 38 monthly partitions for one page of sessions.
   */
  keyIndex?: { table: string; key: string[] };
  /**
   * A table of each owner's newest `kept` keys, kept by triggers (e.g. `sessions_recent`).
   * A first page of at most `kept - 1` rows with no filter is read by one join of the
   * owners to it and of its keys to `table` (`keyIndex.key`), in place of one branch per
   * owner. Requires `keyIndex`.
   */
  newest?: { table: string; kept: number };
  /**
   * Owners have few rows each (tickets, payments): their pages are read by one owner scan
   * (see above), which costs MariaDB a third of 50 branches. Not for a long history per
   * owner (sessions): the scan would read all of it.
   */
  fewPerOwner?: boolean;
}

export interface Filter {
  sql: string;
  params: unknown[];
  /**
   * The index that serves this filter in the relation's order, forced in place of the
   * spec's: with it, a branch or an owner scan reads only the rows it keeps.
   */
  index?: string;
}

function cursorParams<R>(order: OrderColumn<R>[], values: CursorValues): unknown[] {
  return order.map((col, i) => (col.kind === 'date' ? new Date(Number(values[i])) : String(values[i])));
}

/** `(a < ? OR (a = ? AND b < ?))` for a descending keyset, with positional parameters. */
function keysetFilter<R>(spec: RelationSpec<R>, values: CursorValues): Filter {
  const sql = keysetCondition(
    spec.order.map((col) => spec.columns[col.field]),
    () => '?',
  );
  return { sql, params: positionalParams(cursorParams(spec.order, values)) };
}

/** The position of a row in the relation's order: what its cursor carries. */
export function cursorOf<R>(order: OrderColumn<R>[], row: R): CursorValues {
  return order.map((col) => {
    const value = row[col.field];
    return col.kind === 'date' ? (value as Date).getTime() : String(value);
  });
}

function selectList<R>(spec: RelationSpec<R>, alias = ''): string {
  return Object.entries<string>(spec.columns)
    .map(([field, column]) => (field === column && !alias ? column : `${alias}${column} AS ${field}`))
    .join(', ');
}

/** Up to `first + 1` rows per owner, in the owners' order (see RowPage in page.ts). */
export async function loadRelationPages<R>(
  db: Queryable,
  spec: RelationSpec<R>,
  ownerIds: readonly string[],
  page: PageArgs,
  filters: Filter[] = [],
): Promise<R[][]> {
  if (ownerIds.length === 0) return [];
  const all = [...filters];
  if (page.after) all.push(keysetFilter(spec, page.after));
  const pages =
    spec.newest && spec.keyIndex && all.length === 0 && page.first < spec.newest.kept
      ? await newestPages(db, spec, ownerIds, page)
      : spec.fewPerOwner
        ? await ownerScanPages(db, spec, ownerIds, page, all)
        : await branchPages(db, spec, ownerIds, page, all);
  return ownerIds.map((id) => pages.get(id) ?? []);
}

const whereOf = (filters: Filter[]) => filters.map((f) => ` AND ${f.sql}`).join('');

function orderOf<R>(spec: RelationSpec<R>): string {
  return spec.order.map((c) => `${spec.columns[c.field]} DESC`).join(', ');
}

/** Each owner's rows by one limited branch each, in one UNION ALL. */
async function branchPages<R>(
  db: Queryable,
  spec: RelationSpec<R>,
  ownerIds: readonly string[],
  page: PageArgs,
  filters: Filter[],
): Promise<Map<string, R[]>> {
  const where = whereOf(filters);
  const branch = (from: string, select: string) =>
    `(SELECT ${select} FROM ${from} WHERE ${spec.columns[spec.owner]} = ?${where} ORDER BY ${orderOf(spec)} LIMIT ${page.first + 1})`;
  let sql: string;
  if (spec.keyIndex) {
    const { table, key } = spec.keyIndex;
    const keys = ownerIds.map(() => branch(table, key.join(', '))).join(' UNION ALL ');
    // No ORDER BY: sorting the joined page cost MariaDB a temporary table and a filesort
    // (0.4 of the dashboard's 2.8 ms on its sessions); each owner's few rows are put in
    // order below instead.
    sql = `SELECT ${selectList(spec, 't.')} FROM (${keys}) k JOIN ${spec.table} t ON ${keyJoin(key)}`;
  } else {
    sql = ownerIds.map(() => branch(fromOf(spec, filters), selectList(spec))).join(' UNION ALL ');
  }
  const params = ownerIds.flatMap((owner) => [owner, ...filters.flatMap((f) => f.params)]);
  const grouped = groupByOwner(spec, ownerIds, await db.query(sql, params));
  if (spec.keyIndex) sortNewestFirst(spec, grouped);
  return grouped;
}

/**
 * The first page of each owner from the table of their newest keys: one join, with no
 * limit per owner to plan (each branch of a UNION ALL costs MariaDB about 30 µs, rows or
 * none). The table may hold a row more than `kept` for an owner while concurrent writes
 * settle, so each owner's rows are ordered and cut here.
 */
async function newestPages<R>(
  db: Queryable,
  spec: RelationSpec<R>,
  ownerIds: readonly string[],
  page: PageArgs,
): Promise<Map<string, R[]>> {
  const { table: newest } = spec.newest!;
  const rows: R[] = await db.query(
    // STRAIGHT_JOIN: owners first, then their keys by look-up. On a small table MariaDB may
    // otherwise scan the whole key table and join the owners to it.
    `SELECT STRAIGHT_JOIN ${selectList(spec, 't.')} FROM ${idTable('o')}
       JOIN ${newest} k ON k.${spec.columns[spec.owner]} = o.id
       JOIN ${spec.table} t ON ${keyJoin(spec.keyIndex!.key)}`,
    [idTableParam(ownerIds)],
  );
  const grouped = groupByOwner(spec, ownerIds, rows);
  sortNewestFirst(spec, grouped, page.first + 1);
  return grouped;
}

/** The join of a key table `k` to the relation's table `t` on the key's columns. */
const keyJoin = (key: string[]) => key.map((column) => `t.${column} = k.${column}`).join(' AND ');

/** The rows of each owner, every owner present (with no rows: an empty list). */
function groupByOwner<R>(spec: RelationSpec<R>, ownerIds: readonly string[], rows: R[]): Map<string, R[]> {
  const grouped = new Map<string, R[]>(ownerIds.map((id) => [id, []]));
  for (const row of rows) grouped.get(String(row[spec.owner]))?.push(row);
  return grouped;
}

/** Puts each owner's rows in the relation's order (a join comes back unsorted), at most `limit`. */
function sortNewestFirst<R>(spec: RelationSpec<R>, grouped: Map<string, R[]>, limit = Infinity): void {
  const newestFirst = orderComparator(spec.order);
  for (const [id, list] of grouped) {
    list.sort(newestFirst);
    if (list.length > limit) grouped.set(id, list.slice(0, limit));
  }
}

/** Compares ids that are unsigned integers in text: shorter is smaller, then by digits. */
const compareIds = (a: string, b: string) => a.length - b.length || (a < b ? -1 : a > b ? 1 : 0);

/** The relation's order (newest first) as a comparator of rows. */
function orderComparator<R>(order: OrderColumn<R>[]): (a: R, b: R) => number {
  return (a, b) => {
    for (const { field, kind } of order) {
      const diff =
        kind === 'date'
          ? (b[field] as Date).getTime() - (a[field] as Date).getTime()
          : compareIds(String(b[field]), String(a[field]));
      if (diff !== 0) return diff;
    }
    return 0;
  };
}

function fromOf<R>(spec: RelationSpec<R>, filters: Filter[]): string {
  const index = filters.find((f) => f.index)?.index ?? spec.index;
  return index ? `${spec.table} FORCE INDEX (${index})` : spec.table;
}

/**
 * The owners' rows in one SELECT, newest owner first, limited to a budget of
 * owners × max(first + 1, SCAN_ROWS_PER_OWNER) rows. Within the budget every owner it
 * reached is complete; when the budget ran out, the last owner it reached and those after
 * it are read by branches.
 */
async function ownerScanPages<R>(
  db: Queryable,
  spec: RelationSpec<R>,
  ownerIds: readonly string[],
  page: PageArgs,
  filters: Filter[],
): Promise<Map<string, R[]>> {
  const owner = spec.columns[spec.owner];
  const budget = ownerIds.length * Math.max(page.first + 1, SCAN_ROWS_PER_OWNER);
  const rows: R[] = await db.query(
    `SELECT ${selectList(spec)} FROM ${fromOf(spec, filters)} WHERE ${owner} IN (${ownerIds.map(() => '?').join(', ')})` +
      `${whereOf(filters)} ORDER BY ${owner} DESC, ${orderOf(spec)} LIMIT ${budget + 1}`,
    [...ownerIds, ...filters.flatMap((f) => f.params)],
  );
  // Owner ids are numbers: the scan's order is theirs, not their text's.
  const cut = rows.length > budget ? BigInt(String(rows[budget][spec.owner])) : null;
  const reached = (id: string) => cut === null || BigInt(id) > cut;
  const grouped = new Map<string, R[]>(ownerIds.filter(reached).map((id) => [id, []]));
  for (const row of rows) {
    const list = grouped.get(String(row[spec.owner]));
    if (list && list.length <= page.first) list.push(row);
  }
  const rest = ownerIds.filter((id) => !reached(id));
  if (rest.length > 0) {
    for (const [id, list] of await branchPages(db, spec, rest, page, filters)) grouped.set(id, list);
  }
  return grouped;
}

/** COUNT(*) per owner in one GROUP BY statement, for `totalCount`. */
export async function countRelation<R>(
  db: Queryable,
  spec: Pick<RelationSpec<R>, 'table' | 'columns' | 'owner' | 'keyIndex'>,
  ownerIds: readonly string[],
  filters: Filter[] = [],
): Promise<number[]> {
  const table = spec.keyIndex?.table ?? spec.table;
  const ownerColumn = spec.columns[spec.owner];
  const where = filters.map((f) => ` AND ${f.sql}`).join('');
  const rows: { owner: string; total: string | number }[] = await db.query(
    `SELECT ${ownerColumn} AS owner, COUNT(*) AS total FROM ${table}
     WHERE ${ownerColumn} IN (${ownerIds.map(() => '?').join(', ')})${where} GROUP BY ${ownerColumn}`,
    [...ownerIds, ...filters.flatMap((f) => f.params)],
  );
  const totals = new Map(rows.map((row) => [String(row.owner), Number(row.total)]));
  return ownerIds.map((id) => totals.get(id) ?? 0);
}
