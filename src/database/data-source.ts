import 'reflect-metadata';
import { DataSource, DataSourceOptions } from 'typeorm';
import { config } from '../config';
import { entities } from './entities';
import { migrations } from '../../migrations';
import { SqlLogger } from './sql-logger';
import { AccessLogMetricsSubscriber } from '../observability/access-log-metrics';

export interface DatabaseOptions {
  url: string;
  poolSize: number;
  replicaUrls?: string[];
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
    subscribers: [AccessLogMetricsSubscriber],
    migrationsTableName: 'migrations',
    migrationsTransactionMode: 'each' as const,
    synchronize: false,
    logging: ['error', 'warn', 'migration', 'query'] as ('error' | 'warn' | 'migration' | 'query')[],
    logger: new SqlLogger(),
    maxQueryExecutionTime: 1000,
    poolSize: options.poolSize,
    extra: { connectionLimit: options.poolSize, enableKeepAlive: true },
  };
  if (options.replicaUrls && options.replicaUrls.length > 0) {
    return {
      ...common,
      replication: {
        master: { url: options.url },
        slaves: options.replicaUrls.map((url) => ({ url })),
      },
    };
  }
  return { ...common, url: options.url };
}

export function createDataSource(options: Partial<DatabaseOptions> = {}): DataSource {
  const cfg = config();
  return new DataSource(
    dataSourceOptions({
      url: options.url ?? cfg.DATABASE_URL,
      poolSize: options.poolSize ?? cfg.DATABASE_POOL_SIZE,
      replicaUrls: options.replicaUrls ?? cfg.DATABASE_REPLICA_URLS,
    }),
  );
}
