import 'reflect-metadata';
import { DataSource, DataSourceOptions } from 'typeorm';
import { config } from '../config';
import { entities } from './entities';
import { migrations } from '../../migrations';
import { SqlLogger } from './sql-logger';
import { enableReplication } from './replication';

export interface DatabaseOptions {
  url: string;
  poolSize: number;
  replicaUrls?: string[];
  connectTimeoutMs?: number;
  /** How long replicas stay out of rotation after a failed connection. */
  replicaRetryMs?: number;
}

/**
 * The one place a DataSource is described: used by the server, the CLI scripts,
 * `ormconfig.ts` (TypeORM CLI) and the tests. Never `synchronize`: migrations/ only.
 */
export function dataSourceOptions(options: DatabaseOptions): DataSourceOptions {
  const common = {
    type: 'mysql' as const,
    charset: 'utf8mb4_unicode_ci',
    timezone: 'Z',
    dateStrings: false,
    supportBigNumbers: true,
    bigNumberStrings: true,
    entities,
    migrations,
    migrationsTableName: 'migrations',
    migrationsTransactionMode: 'each' as const,
    synchronize: false,
    logging: ['error', 'warn', 'migration', 'query'] as ('error' | 'warn' | 'migration' | 'query')[],
    logger: new SqlLogger(),
    maxQueryExecutionTime: 1000,
    poolSize: options.poolSize,
    connectTimeout: options.connectTimeoutMs ?? 2000,
    extra: { connectionLimit: options.poolSize, enableKeepAlive: true },
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

export function createDataSource(options: Partial<DatabaseOptions> = {}): DataSource {
  const cfg = config();
  const resolved: DatabaseOptions = {
    url: options.url ?? cfg.DATABASE_URL,
    poolSize: options.poolSize ?? cfg.DATABASE_POOL_SIZE,
    replicaUrls: options.replicaUrls ?? cfg.DATABASE_REPLICA_URLS,
    connectTimeoutMs: options.connectTimeoutMs ?? cfg.DATABASE_CONNECT_TIMEOUT_MS,
    replicaRetryMs: options.replicaRetryMs ?? cfg.DATABASE_REPLICA_RETRY_MS,
  };
  const db = new DataSource(dataSourceOptions(resolved));
  if (resolved.replicaUrls && resolved.replicaUrls.length > 0) {
    enableReplication(db, {
      replicaUrls: resolved.replicaUrls,
      retryMs: resolved.replicaRetryMs,
      waitMs: cfg.DATABASE_REPLICA_WAIT_MS,
    });
  }
  return db;
}
