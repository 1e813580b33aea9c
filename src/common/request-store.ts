import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';

/** What follows one request through every await: its id and the SQL statements it issued. */
export interface RequestStore {
  requestId: string;
  sqlStatements: number;
  /** The operation's cost (query-limits.ts), once known: the statements it may issue. */
  queryCost?: number;
}

const storage = new AsyncLocalStorage<RequestStore>();

export function newRequestStore(requestId: string = randomUUID()): RequestStore {
  return { requestId, sqlStatements: 0 };
}

export function runInRequest<T>(store: RequestStore, fn: () => T): T {
  return storage.run(store, fn);
}

export function currentRequest(): RequestStore | undefined {
  return storage.getStore();
}
