import type { DataSource } from 'typeorm';
import type { Logger } from 'pino';
import type { Authentication, Identity } from './auth/identity';
import { LoaderRegistry } from './common/loader-registry';
import { AccessLogBuffer } from './audit/access-buffer';
import { RequestTransaction } from './common/transaction';
import type { GuardedTarget } from './access/mutation-guard';

/** Everything one request carries: who asks, the database, its loaders, its log. */
export interface AppContext {
  requestId: string;
  auth: Authentication;
  /** Shortcut for `auth.identity`: null without a usable token. */
  identity: Identity | null;
  db: DataSource;
  loaders: LoaderRegistry;
  log: Logger;
  /** True once the operation is known to be a query: its reads may go to a replica. */
  readOnly: boolean;
  /** The access-log entries of this request, written before its response leaves. */
  accessLog: AccessLogBuffer;
  /** The request's one write transaction (a mutation's), begun by its first write. */
  transaction: RequestTransaction;
  /** The account the running root mutation's guard has locked, if it targets one. */
  guarded: GuardedTarget | null;
}

export function createContext(input: {
  requestId: string;
  auth: Authentication;
  db: DataSource;
  log: Logger;
}): AppContext {
  return {
    requestId: input.requestId,
    auth: input.auth,
    identity: input.auth.identity,
    db: input.db,
    loaders: new LoaderRegistry(),
    log: input.log.child({ requestId: input.requestId }),
    readOnly: false,
    accessLog: new AccessLogBuffer(),
    transaction: new RequestTransaction(input.db),
    guarded: null,
  };
}
