import { CursorValues, encodeCursor, PageArgs } from './pagination';

/**
 * A page of domain rows, as services and loaders return it: rows in the list's order, each
 * with its cursor, whether another page follows, and a total count that runs its statement
 * only when called. It holds no GraphQL type: a resolver turns it into a Connection with
 * `toConnection` (connection.ts), mapping each row once.
 */
export class RowPage<R> {
  /** At most `first` rows, in the list's order. */
  readonly rows: readonly R[];
  readonly hasNextPage: boolean;

  /** `fetched` holds up to `first + 1` rows: the extra one only says a next page exists. */
  constructor(
    fetched: R[],
    private readonly page: Pick<PageArgs, 'first' | 'order'>,
    private readonly positionOf: (row: R) => CursorValues,
    /** Counts the whole list; its statement runs only when a client asks for it. */
    readonly totalCount: () => Promise<number>,
  ) {
    this.hasNextPage = fetched.length > page.first;
    this.rows = this.hasNextPage ? fetched.slice(0, page.first) : fetched;
  }

  /** The cursor of one of `rows`: where the next page starts when it is the last one. */
  cursorOf(row: R): string {
    return encodeCursor(this.page.order, this.positionOf(row));
  }

  get endCursor(): string | null {
    return this.rows.length > 0 ? this.cursorOf(this.rows[this.rows.length - 1]) : null;
  }
}
