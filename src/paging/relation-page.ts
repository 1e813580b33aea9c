import type { Queryable } from '../database/read-routing';
import { CursorValues, keysetCondition, PageArgs, positionalParams } from './pagination';

/**
 * Pages of a one-to-many relation for many owners in ONE statement: a UNION ALL of one
 * index-ordered, limited SELECT per owner. Each branch is a range scan on the
 * (owner, order columns) index, so a page of 50 subscribers costs one statement and
 * reads at most 50 × (first + 1) rows, however long each history is (docs/design.md section 7).
 */
export interface OrderColumn {
  column: string;
  kind: 'date' | 'id';
}

export interface RelationSpec {
  table: string;
  ownerColumn: string;
  select: string[];
  /** Newest first; the last column must be the id. */
  order: OrderColumn[];
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
   * read from `table` by its primary key (`key`, which must name the partitioning column).
   * On a table partitioned by time, every branch on the table itself opens and searches
   * each partition: 50 branches × 38 monthly partitions for one page of sessions.
   */
  keyIndex?: { table: string; key: string[] };
}

export interface Filter {
  sql: string;
  params: unknown[];
}

export type Row = Record<string, unknown>;

function cursorParams(order: OrderColumn[], values: CursorValues): unknown[] {
  return order.map((col, i) => (col.kind === 'date' ? new Date(Number(values[i])) : String(values[i])));
}

/** `(a < ? OR (a = ? AND b < ?))` for a descending keyset, with positional parameters. */
function keysetFilter(order: OrderColumn[], values: CursorValues): Filter {
  const sql = keysetCondition(
    order.map((col) => col.column),
    () => '?',
  );
  return { sql, params: positionalParams(cursorParams(order, values)) };
}

export function cursorOf(order: OrderColumn[], row: Row): CursorValues {
  return order.map((col) => {
    const value = row[col.column];
    return col.kind === 'date' ? (value as Date).getTime() : String(value);
  });
}

export async function loadRelationPages(
  db: Queryable,
  spec: RelationSpec,
  ownerIds: readonly string[],
  page: PageArgs,
  filters: Filter[] = [],
): Promise<Row[][]> {
  if (ownerIds.length === 0) return [];
  const all = [...filters];
  if (page.after) all.push(keysetFilter(spec.order, page.after));
  const where = all.map((f) => ` AND ${f.sql}`).join('');
  const orderBy = spec.order.map((c) => `${c.column} DESC`).join(', ');
  const params = ownerIds.flatMap((owner) => [owner, ...all.flatMap((f) => f.params)]);
  const branch = (from: string, columns: string[]) =>
    `(SELECT ${columns.join(', ')} FROM ${from} WHERE ${spec.ownerColumn} = ?${where} ORDER BY ${orderBy} LIMIT ${page.first + 1})`;
  let sql: string;
  if (spec.keyIndex) {
    const { table, key } = spec.keyIndex;
    const keys = ownerIds.map(() => branch(table, key)).join(' UNION ALL ');
    const join = key.map((column) => `t.${column} = k.${column}`).join(' AND ');
    const order = spec.order.map((c) => `t.${c.column} DESC`).join(', ');
    sql = `SELECT ${spec.select.map((column) => `t.${column}`).join(', ')} FROM (${keys}) k
      JOIN ${spec.table} t ON ${join} ORDER BY ${order}`;
  } else {
    const from = spec.index ? `${spec.table} FORCE INDEX (${spec.index})` : spec.table;
    sql = ownerIds.map(() => branch(from, spec.select)).join(' UNION ALL ');
  }
  const rows: Row[] = await db.query(sql, params);
  const grouped = new Map<string, Row[]>(ownerIds.map((id) => [id, []]));
  for (const row of rows) grouped.get(String(row[spec.ownerColumn]))?.push(row);
  return ownerIds.map((id) => grouped.get(id) ?? []);
}

/** COUNT(*) per owner in one GROUP BY statement, for `totalCount`. */
export async function countRelation(
  db: Queryable,
  spec: Pick<RelationSpec, 'table' | 'ownerColumn' | 'keyIndex'>,
  ownerIds: readonly string[],
  filters: Filter[] = [],
): Promise<number[]> {
  const table = spec.keyIndex?.table ?? spec.table;
  const where = filters.map((f) => ` AND ${f.sql}`).join('');
  const rows: { owner: string; total: string | number }[] = await db.query(
    `SELECT ${spec.ownerColumn} AS owner, COUNT(*) AS total FROM ${table}
     WHERE ${spec.ownerColumn} IN (${ownerIds.map(() => '?').join(', ')})${where} GROUP BY ${spec.ownerColumn}`,
    [...ownerIds, ...filters.flatMap((f) => f.params)],
  );
  const totals = new Map(rows.map((row) => [String(row.owner), Number(row.total)]));
  return ownerIds.map((id) => totals.get(id) ?? 0);
}
