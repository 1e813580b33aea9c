import type { EntityManager, ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { ArgsType, Field, Int } from 'type-graphql';
import { BadInputError } from '../common/errors';

export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 100;

/** The position of a row in a keyset order: the values of the order columns, id last. */
export type CursorValues = (string | number)[];

/**
 * The keyset order of one list. Its name travels in the list's cursors and is checked when
 * one comes back, so a cursor handed out by one list (sessions) is refused by another
 * (payments) instead of being read as a position in an order it does not belong to.
 */
export interface CursorOrder {
  readonly name: string;
  /** How many values a position has: the order columns, id last. */
  readonly arity: number;
}

const ORDER_NAMES = new Set<string>();

export function cursorOrder(name: string, arity: number): CursorOrder {
  ORDER_NAMES.add(name);
  return { name, arity };
}

export function encodeCursor(order: CursorOrder, values: CursorValues): string {
  return Buffer.from(JSON.stringify([order.name, ...values]), 'utf8').toString('base64url');
}

export function decodeCursor(cursor: string, order: CursorOrder, field = 'after'): CursorValues {
  let parsed: unknown = null;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    // refused below
  }
  if (Array.isArray(parsed)) {
    const [name, ...values] = parsed as unknown[];
    if (
      name === order.name &&
      values.length === order.arity &&
      values.every((v) => typeof v === 'string' || typeof v === 'number')
    ) {
      return values as CursorValues;
    }
    if (typeof name === 'string' && name !== order.name && ORDER_NAMES.has(name)) {
      throw new BadInputError(field, `is a cursor of another list (${name}), not of ${order.name}`);
    }
  }
  throw new BadInputError(field, 'is not a cursor this list handed out');
}

/**
 * `first` as the contract allows it: 1 to 100, 20 when omitted. `max` is larger only for
 * reads the server makes itself (the data export's keyset pages, see AppContext.pageLimit).
 */
export function pageSize(first: number | null | undefined, field = 'first', max = MAX_PAGE_SIZE): number {
  if (first === null || first === undefined) return DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(first) || first < 1 || first > max) {
    throw new BadInputError(field, `must be between 1 and ${max}`);
  }
  return first;
}

/** The page arguments of every list: `first` (default DEFAULT_PAGE_SIZE) and `after`. */
@ArgsType()
export class PageArguments {
  @Field(() => Int, { nullable: true, defaultValue: DEFAULT_PAGE_SIZE })
  first?: number | null;

  @Field(() => String, { nullable: true })
  after?: string | null;
}

export interface PageArgs {
  first: number;
  after: CursorValues | null;
  order: CursorOrder;
}

export function pageArgs(
  { first, after }: PageArguments,
  order: CursorOrder,
  max: number = MAX_PAGE_SIZE,
): PageArgs {
  return { first: pageSize(first, 'first', max), after: after ? decodeCursor(after, order) : null, order };
}

/**
 * The condition of a keyset page over columns ordered descending (newest first, id last):
 * rows strictly after the cursor, `((a < x) OR (a = x AND b < y))`. Expanded into ORs so
 * that MySQL/MariaDB use a range scan on the order index. `param(i)` writes the
 * placeholder of the i-th cursor value: named (`:k0`) or positional (`?`, see
 * `positionalParams`).
 */
export function keysetCondition(columns: string[], param: (i: number) => string): string {
  const ors = columns.map((column, i) => {
    const equal = columns.slice(0, i).map((c, j) => `${c} = ${param(j)}`);
    return `(${[...equal, `${column} < ${param(i)}`].join(' AND ')})`;
  });
  return `(${ors.join(' OR ')})`;
}

/** The values of keysetCondition's `?` placeholders, in the order they stand. */
export function positionalParams<V>(values: V[]): V[] {
  return values.flatMap((_, i) => values.slice(0, i + 1));
}

/** keysetCondition with named parameters, for TypeORM's query builder. */
export function keysetAfter(
  columns: string[],
  values: CursorValues,
  prefix = 'k',
): { sql: string; params: Record<string, unknown> } {
  const params: Record<string, unknown> = {};
  columns.forEach((_, i) => (params[`${prefix}${i}`] = values[i]));
  return { sql: keysetCondition(columns, (i) => `:${prefix}${i}`), params };
}

/** Runs a read on some connection: the request's reader, or the primary. */
export type ReadOn = <R>(work: (manager: EntityManager) => Promise<R>) => Promise<R>;

/**
 * The common list shape: rows of `base` newest first by `<alias>.id`, keyset-paged on the
 * id (`first + 1` rows fetched, see RowPage in page.ts), and a COUNT of `base` run only when called.
 */
export async function pageByIdDesc<E extends ObjectLiteral>(
  readOn: ReadOn,
  alias: string,
  base: (manager: EntityManager) => SelectQueryBuilder<E>,
  page: PageArgs,
): Promise<{ rows: E[]; count: () => Promise<number> }> {
  const rows = await readOn((manager) => {
    const query = base(manager);
    if (page.after) {
      const keyset = keysetAfter([`${alias}.id`], page.after);
      query.andWhere(keyset.sql, keyset.params);
    }
    return query
      .orderBy(`${alias}.id`, 'DESC')
      .limit(page.first + 1)
      .getMany();
  });
  return { rows, count: () => readOn((manager) => base(manager).getCount()) };
}
