import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { DataSource } from 'typeorm';
import { ErrorCode, Reason } from '../common/errors';
import { poolUsage } from './pool-usage';
import { ReplicaCounters, replicaMetrics } from './replica-metrics';

/**
 * The server's Prometheus metrics, served as text by `/metrics` (metrics-endpoint.ts).
 * No label ever holds personal data or an unbounded value: no subscriber or actor ids,
 * no variables; operation names are the client's own (bounded, see OperationNames), roles
 * and error reasons come from closed lists.
 */
export class Metrics {
  readonly registry = new Registry();

  readonly requestDuration = new Histogram({
    name: 'kacmac_graphql_request_duration_seconds',
    help: 'GraphQL requests over HTTP, from arrival to response, by operation name and role',
    labelNames: ['operation', 'role'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [this.registry],
  });

  readonly errors = new Counter({
    name: 'kacmac_graphql_errors_total',
    help: 'Errors in GraphQL responses, by extensions.code',
    labelNames: ['code'] as const,
    registers: [this.registry],
  });

  readonly denials = new Counter({
    name: 'kacmac_access_denials_total',
    help: 'Requests or fields refused by the access rules (UNAUTHENTICATED, FORBIDDEN), by extensions.reason',
    labelNames: ['reason'] as const,
    registers: [this.registry],
  });

  readonly accessLogEntries = new Counter({
    name: 'kacmac_access_log_entries_total',
    help: 'Access-log entries committed (written) and entries whose write threw (failed)',
    labelNames: ['result'] as const,
    registers: [this.registry],
  });

  readonly accessLogAppends = new Counter({
    name: 'kacmac_access_log_appends_total',
    help: 'Group commits of read entries: in one packet on the head this process left (guarded), with the head locked first (locked), guarded ones that found it moved by another writer (head_moved)',
    labelNames: ['path'] as const,
    registers: [this.registry],
  });

  readonly statementTimeouts = new Counter({
    name: 'kacmac_database_statement_timeouts_total',
    help: 'Database statements stopped by their time limit (MariaDB errno 1969, MySQL errno 3024)',
    registers: [this.registry],
  });

  private readonly watchedPools = new Map<string, () => ReturnType<typeof poolUsage>>();
  private readonly watchedReplication = new Map<string, () => ReplicaCounters | null>();
  private defaultsCollected = false;

  constructor() {
    const pools = this.watchedPools;
    const gauge = (name: string, help: string, pick: (u: PoolCounts) => number) =>
      new Gauge({
        name,
        help,
        labelNames: ['pool'] as const,
        registers: [this.registry],
        collect() {
          this.reset();
          for (const read of pools.values()) {
            for (const usage of read()) this.set({ pool: usage.pool }, pick(usage));
          }
        },
      });
    gauge(
      'kacmac_database_pool_connections_in_use',
      'Pool connections lent to a request or transaction',
      (u) => u.inUse,
    );
    gauge('kacmac_database_pool_connections_idle', 'Open pool connections waiting to be lent', (u) => u.idle);
    gauge('kacmac_database_pool_waiting', 'Requests waiting for a pool connection', (u) => u.waiting);
    gauge('kacmac_database_pool_connections_max', 'Pool size (DATABASE_POOL_SIZE)', (u) => u.max);
    replicaMetrics(this.registry, this.watchedReplication);
  }

  /** Process metrics (CPU, memory, handles, GC) and event-loop lag, once per process. */
  collectProcessMetrics(): void {
    if (this.defaultsCollected) return;
    this.defaultsCollected = true;
    collectDefaultMetrics({ register: this.registry, eventLoopMonitoringPrecision: 10 });
  }

  /**
   * The pools of `db` (primary and replicas) are reported, and its replica routing read
   * through `replication` (database/replication.ts sits above this layer, so the caller
   * hands it in); a later call for the same key replaces it.
   */
  watchDatabase(
    db: DataSource,
    replication: () => ReplicaCounters | null = () => null,
    key = 'default',
  ): () => void {
    this.watchedPools.set(key, () => poolUsage(db));
    this.watchedReplication.set(key, replication);
    return () => {
      this.watchedPools.delete(key);
      this.watchedReplication.delete(key);
    };
  }
}

type PoolCounts = ReturnType<typeof poolUsage>[number];

let shared: Metrics | undefined;

/** One set of metrics per process: each instance is scraped on its own. */
export function metrics(): Metrics {
  shared ??= new Metrics();
  return shared;
}

const DENIAL_CODES = new Set<string>([ErrorCode.UNAUTHENTICATED, ErrorCode.FORBIDDEN]);
const KNOWN_REASONS = new Set<string>(Object.values(Reason));
const KNOWN_CODES = new Set<string>([
  ...Object.values(ErrorCode),
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_REQUEST',
  'OPERATION_RESOLUTION_FAILURE',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
]);

/** Counts the errors of one response: every error by code, denials also by reason. */
export function countResponseErrors(
  errors: readonly { extensions?: Record<string, unknown> }[] | undefined,
): void {
  if (!errors) return;
  const m = metrics();
  for (const error of errors) {
    const code = String(error.extensions?.code ?? 'NONE');
    m.errors.inc({ code: KNOWN_CODES.has(code) ? code : 'OTHER' });
    if (DENIAL_CODES.has(code)) {
      const reason = String(error.extensions?.reason ?? 'NONE');
      m.denials.inc({ reason: KNOWN_REASONS.has(reason) ? reason : 'OTHER' });
    }
  }
}

/** MariaDB 1969 (max_statement_time exceeded) or MySQL 3024 (max_execution_time exceeded). */
export function isStatementTimeout(error: unknown): boolean {
  const err = error as { errno?: number; driverError?: { errno?: number } } | null;
  const errno = err?.errno ?? err?.driverError?.errno;
  return errno === 1969 || errno === 3024;
}

/** Counted where every failed statement passes (database/sql-logger.ts); call it for a timeout seen elsewhere. */
export function recordStatementTimeout(): void {
  metrics().statementTimeouts.inc();
}
