import type { DataSource } from 'typeorm';
import type { Logger } from 'pino';
import type { Authentication, Identity } from '../auth/actor';
import { LoaderRegistry } from '../common/loader-registry';
import { AccessLogBuffer } from '../access-log/access-buffer';
import { RequestTransaction } from './transaction';
import { newRequestStore, RequestStore } from '../common/request-store';
import { requestDataSource } from '../database/request-database';
import type { GuardedTarget } from '../access/mutation-guard';

/** Everything one request carries: who asks, the database, its loaders, its log. */
export interface AppContext {
  requestId: string;
  /** What the request accumulates: its SQL statements (counted by the SQL logger) and cost. */
  request: RequestStore;
  auth: Authentication;
  /** Shortcut for `auth.identity`: null without a usable token. */
  identity: Identity | null;
  /** The shared pool as this request sees it: its statements count in `request`. */
  db: DataSource;
  loaders: LoaderRegistry;
  log: Logger;
  /** True once the operation is known to be a query: its reads may go to a replica. */
  readOnly: boolean;
  /** Set once a replica was found behind this actor's last write: the rest reads the primary. */
  readFromPrimary?: boolean;
  /** The actor's last noted write position, looked up once per request (replicas only). */
  writeFence?: Promise<string | null>;
  /** The access-log entries of this request, written before its response leaves. */
  accessLog: AccessLogBuffer;
  /** The request's one write transaction (a mutation's), begun by its first write. */
  transaction: RequestTransaction;
  /** The account the running root mutation's guard has locked, if it targets one. */
  guarded: GuardedTarget | null;
  /**
   * The operation named in access-log entries when an operation reads through the schema
   * on its own behalf (the data export reads `me` as "myDataExport"); else the root fields.
   */
  operationLabel?: string;
  /**
   * The largest page a subscriber's history list serves in this request: the contract's
   * 100 for every client request (unset); the data export, a server-side read of the
   * whole history, reads larger keyset pages to spend fewer statements.
   */
  pageLimit?: number;
}

export function createContext(input: {
  requestId: string;
  /** A client's x-request-id: logged beside ours for correlation, never stored in its place. */
  clientRequestId?: string;
  auth: Authentication;
  db: DataSource;
  log: Logger;
  /** The store the HTTP layer opened for the request; a new one when absent. */
  request?: RequestStore;
}): AppContext {
  const request = input.request ?? newRequestStore(input.requestId);
  const db = requestDataSource(input.db, request);
  return {
    requestId: input.requestId,
    request,
    auth: input.auth,
    identity: input.auth.identity,
    db,
    loaders: new LoaderRegistry(),
    log: input.log.child(
      input.clientRequestId
        ? { requestId: input.requestId, clientRequestId: input.clientRequestId }
        : { requestId: input.requestId },
    ),
    readOnly: false,
    accessLog: new AccessLogBuffer(),
    transaction: new RequestTransaction(db),
    guarded: null,
  };
}
