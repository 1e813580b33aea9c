import 'reflect-metadata';
import { DataSource, DataSourceOptions } from 'typeorm';
import { config } from './config';
import { entities, schemaEntities } from './entities';
import { migrations } from '../migrations';
import { SqlLogger } from './database/sql-logger';
import { CLIENT_GRACE_MS, statementTimeoutSubscriber } from './database/timeouts';
import { enableReplication } from './database/replication';
import { AccessLogMetricsSubscriber } from './observability/access-log-metrics';
import { AccessLogHeadSubscriber } from './access-log/access-log-head-subscriber';
import { queryFormat } from './database/query-format';

export interface DatabaseOptions {
  url: string;
  poolSize: number;
  replicaUrls?: string[];
  /** Per-statement limit (database/timeouts.ts); 0 for none: migrations and bulk loads. */
  statementTimeoutMs?: number;
  connectTimeoutMs?: number;
  /** Requests that may wait for a free connection; more are refused at once. */
  queueLimit?: number;
  /** How long replicas stay out of rotation after a failed connection. */
  replicaRetryMs?: number;
  /**
   * For the schema comparison of `migration:generate`: the entities whole
   * (`schemaEntities`), and TypeORM's `mariadb` flavour, which reads information_schema as
   * MariaDB spells it (a nullable column's default is the text NULL).
   */
  schemaComparison?: boolean;
}

/**
 * The one place a DataSource is described: used by the server, the CLI scripts,
 * `ormconfig.ts` (TypeORM CLI) and the tests. Never `synchronize`: migrations/ only.
 */
export function dataSourceOptions(options: DatabaseOptions): DataSourceOptions {
  const statementTimeoutMs = options.statementTimeoutMs ?? 0;
  const common = {
    type: options.schemaComparison ? ('mariadb' as const) : ('mysql' as const),
    charset: 'utf8mb4_unicode_ci',
    timezone: 'Z',
    dateStrings: false,
    supportBigNumbers: true,
    bigNumberStrings: true,
    // mysql2 otherwise captures a stack trace at every statement, for the error it may
    // never raise (1.5 % of the server's CPU under the dashboard load). A failed statement
    // is still logged with its SQL (database/sql-logger.ts) and mysql2's own stack.
    trace: false,
    entities: options.schemaComparison ? schemaEntities : entities,
    migrations,
    migrationsTableName: 'migrations',
    migrationsTransactionMode: 'each' as const,
    synchronize: false,
    logging: ['error', 'warn', 'migration', 'query'] as ('error' | 'warn' | 'migration' | 'query')[],
    logger: new SqlLogger(),
    // With a statement limit, the driver's wait is bounded just past the server's limit
    // (slow statements are then logged by the subscriber); without, statements over 1 s are logged.
    maxQueryExecutionTime: statementTimeoutMs > 0 ? statementTimeoutMs + CLIENT_GRACE_MS : 1000,
    enableQueryTimeout: statementTimeoutMs > 0,
    subscribers: [
      AccessLogMetricsSubscriber,
      AccessLogHeadSubscriber,
      ...(statementTimeoutMs > 0 ? [statementTimeoutSubscriber(statementTimeoutMs)] : []),
    ],
    connectTimeout: options.connectTimeoutMs ?? 10_000,
    poolSize: options.poolSize,
    extra: {
      // Statements without values are not scanned for placeholders (database/query-format.ts).
      queryFormat,
      connectionLimit: options.poolSize,
      enableKeepAlive: true,
      ...(options.queueLimit ? { queueLimit: options.queueLimit } : {}),
    },
  };
  if (options.replicaUrls && options.replicaUrls.length > 0) {
    return {
      ...common,
      replication: {
        master: { url: options.url },
        slaves: options.replicaUrls.map((url) => ({ url })),
        // mysql2's pool cluster never takes a node out by itself (it would take the primary
        // out too, and writes would wait for it to come back): a failed connection comes
        // straight back, and database/replication.ts sends reads to the primary meanwhile.
        canRetry: false,
        removeNodeErrorCount: Number.MAX_SAFE_INTEGER,
      },
    };
  }
  return { ...common, url: options.url };
}

/** The server's (and the operational commands') pool: every wait on the database bounded. */
export function createDataSource(options: Partial<DatabaseOptions> = {}): DataSource {
  const cfg = config();
  const resolved: DatabaseOptions = {
    url: options.url ?? cfg.DATABASE_URL,
    poolSize: options.poolSize ?? cfg.DATABASE_POOL_SIZE,
    replicaUrls: options.replicaUrls ?? cfg.DATABASE_REPLICA_URLS,
    statementTimeoutMs: options.statementTimeoutMs ?? cfg.DATABASE_STATEMENT_TIMEOUT_MS,
    connectTimeoutMs: options.connectTimeoutMs ?? cfg.DATABASE_CONNECT_TIMEOUT_MS,
    queueLimit: options.queueLimit ?? cfg.DATABASE_POOL_QUEUE_LIMIT,
    replicaRetryMs: options.replicaRetryMs ?? cfg.DATABASE_REPLICA_RETRY_MS,
  };
  const db = new DataSource(dataSourceOptions(resolved));
  if (resolved.replicaUrls && resolved.replicaUrls.length > 0) {
    enableReplication(db, {
      replicaUrls: resolved.replicaUrls,
      retryMs: resolved.replicaRetryMs,
      waitMs: cfg.DATABASE_REPLICA_WAIT_MS,
      fenceTtlMs: cfg.DATABASE_REPLICA_FENCE_TTL_MS,
    });
  }
  return db;
}

/**
 * For migrations: a small pool on the privileged DATABASE_MIGRATION_URL when it is set
 * (see README, "A database user for the server"), and no statement limit, because a
 * migration may rebuild a large table and waits on the migration lock.
 */
export function createMigrationDataSource(url?: string, schemaComparison = false): DataSource {
  const cfg = config();
  return new DataSource(
    dataSourceOptions({
      url: url ?? cfg.DATABASE_MIGRATION_URL ?? cfg.DATABASE_URL,
      poolSize: 2,
      statementTimeoutMs: 0,
      connectTimeoutMs: cfg.DATABASE_CONNECT_TIMEOUT_MS,
      schemaComparison,
    }),
  );
}

/**
 * For `npm run migration:generate` (ormconfig.ts): the migration pool, comparing the
 * entities whole with a MariaDB schema as MariaDB describes it. Kept apart from the pools
 * that write, so that nothing else changes (TypeORM's `mariadb` type also turns on
 * INSERT … RETURNING; a generated column on an entity, a SELECT after each insert).
 */
export function createSchemaComparisonDataSource(url?: string): DataSource {
  return createMigrationDataSource(url, true);
}
