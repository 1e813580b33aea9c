import { EventSubscriber } from 'typeorm';
import type { AfterQueryEvent, BeforeQueryEvent, EntitySubscriberInterface } from 'typeorm';
import { logger } from '../logger';
import { isConnectionError } from './connection-errors';

/**
 * docs/design.md section 6: "Every database statement has a time limit; a request whose
 * database is gone fails in bounded time with a clear error". Two bounds, because a
 * database can be slow or gone:
 *
 * - slow: MariaDB's `max_statement_time`, set on every session, makes the server abort a
 *   statement after DATABASE_STATEMENT_TIMEOUT_MS (ER_STATEMENT_TIMEOUT), freeing its locks;
 * - gone (a network that swallows packets, a hung server): the driver gives up waiting
 *   for the answer a little later (TypeORM `enableQueryTimeout`), and the connection,
 *   whose protocol state is now unknown, is destroyed instead of going back to the pool.
 *
 * Connecting is bounded by DATABASE_CONNECT_TIMEOUT_MS and waiting for a free connection
 * by the pool's queue limit (see data-source.ts).
 */

/** The driver waits this much longer than the server's own limit, so a slow statement is the server's error. */
export const CLIENT_GRACE_MS = 1000;
/** Statements slower than this are logged (without their text: it may hold personal data). */
export const SLOW_STATEMENT_MS = 1000;

/** mysql2's error codes for an answer that never came or a connection that never opened. */
const GONE_CODES = new Set([
  'PROTOCOL_SEQUENCE_TIMEOUT',
  'ETIMEDOUT',
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'PROTOCOL_CONNECTION_LOST',
  'PROTOCOL_ENQUEUE_AFTER_FATAL_ERROR',
  'PROTOCOL_ENQUEUE_AFTER_QUIT',
]);
const TIMEOUT_CODES = new Set(['ER_STATEMENT_TIMEOUT', 'ER_QUERY_TIMEOUT', 'PROTOCOL_SEQUENCE_TIMEOUT']);

const MARIADB_STATEMENT_TIMEOUT = 1969;

interface RawConnection {
  query(
    options: { sql: string; timeout: number },
    values: unknown[],
    callback: (error: Error | null) => void,
  ): unknown;
  destroy(): void;
}

/** The TypeORM query runner's mysql2 connection (set once the runner has connected). */
function rawConnectionOf(event: BeforeQueryEvent | AfterQueryEvent): RawConnection | undefined {
  return (event.queryRunner as unknown as { databaseConnection?: RawConnection } | undefined)
    ?.databaseConnection;
}

/** TypeORM builds subscribers from decorated classes: one class per limit. */
export function statementTimeoutSubscriber(statementTimeoutMs: number) {
  const limited = class extends StatementTimeoutSubscriber {
    constructor() {
      super(statementTimeoutMs);
    }
  };
  EventSubscriber()(limited);
  return limited;
}

export class StatementTimeoutSubscriber implements EntitySubscriberInterface {
  private readonly limited = new WeakSet<object>();
  private warned = false;

  constructor(private readonly statementTimeoutMs: number) {}

  /**
   * The first statement of each session sets its limit first, and waits for it: a SET
   * that is not answered is bounded like any statement, and its connection dropped. It
   * goes straight to the driver, so it is not one of the request's counted statements.
   */
  beforeQuery(event: BeforeQueryEvent): Promise<void> | void {
    const connection = rawConnectionOf(event);
    if (!connection || this.limited.has(connection)) return;
    this.limited.add(connection);
    const sql = {
      sql: 'SET SESSION max_statement_time = ?',
      timeout: this.statementTimeoutMs + CLIENT_GRACE_MS,
    };
    return new Promise((resolve, reject) => {
      connection.query(sql, [this.statementTimeoutMs / 1000], (error) => {
        if (!error) return resolve();
        if (databaseUnavailability(error)) {
          connection.destroy();
          return reject(error);
        }
        if (!this.warned) {
          this.warned = true;
          logger().warn(
            { dbError: databaseErrorCode(error) },
            'the database has no max_statement_time (MariaDB): only the driver-side limit applies',
          );
        }
        resolve();
      });
    });
  }

  afterQuery(event: AfterQueryEvent): void {
    if (event.success) {
      if ((event.executionTime ?? 0) >= SLOW_STATEMENT_MS) {
        logger().warn({ ms: event.executionTime }, 'slow database statement');
      }
      return;
    }
    if (databaseErrorCode(event.error) === 'PROTOCOL_SEQUENCE_TIMEOUT') {
      // The answer may still arrive, or never: either way this connection is unusable.
      rawConnectionOf(event)?.destroy();
    }
  }
}

/** The driver's error code, or our name for the failures it leaves unnamed. */
export function databaseErrorCode(error: unknown): string | undefined {
  if (!error || typeof error !== 'object') return undefined;
  const err = error as {
    code?: unknown;
    errno?: unknown;
    driverError?: { code?: unknown; errno?: unknown };
    message?: unknown;
  };
  // MariaDB's own "max_statement_time exceeded" has no name in mysql2's table of codes.
  if ((err.driverError?.errno ?? err.errno) === MARIADB_STATEMENT_TIMEOUT) return 'ER_STATEMENT_TIMEOUT';
  const code = err.driverError?.code ?? err.code;
  if (typeof code === 'string') return code;
  if (err.message === 'Queue limit reached.') return 'POOL_QUEUE_FULL';
  return undefined;
}

/**
 * Whether an error means the database could not answer in time (DATABASE_TIMEOUT) or at
 * all (DATABASE_UNAVAILABLE): the client gets SERVICE_UNAVAILABLE and may retry.
 */
export function databaseUnavailability(error: unknown): 'DATABASE_TIMEOUT' | 'DATABASE_UNAVAILABLE' | null {
  const code = databaseErrorCode(error);
  if (code && TIMEOUT_CODES.has(code)) return 'DATABASE_TIMEOUT';
  if (code && (GONE_CODES.has(code) || code === 'POOL_QUEUE_FULL')) return 'DATABASE_UNAVAILABLE';
  // A server that is down or restarting, also when the error is wrapped (replication.ts).
  if (isConnectionError(error)) return 'DATABASE_UNAVAILABLE';
  return null;
}
