import { randomUUID } from 'node:crypto';

/**
 * What one request accumulates: its id, the SQL statements it issued and its cost. It
 * travels explicitly (the request's context, and the query runners of its data source,
 * src/database/request-database.ts), not through AsyncLocalStorage: on Node 20 an
 * AsyncLocalStorage runs a hook on every promise of every request (docs/performance.md).
 */
export interface RequestStore {
  requestId: string;
  sqlStatements: number;
  /** The operation's cost (query-limits.ts), once known: the statements it may issue. */
  queryCost?: number;
}

export function newRequestStore(requestId: string = randomUUID()): RequestStore {
  return { requestId, sqlStatements: 0 };
}
