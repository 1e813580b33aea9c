import 'reflect-metadata';
import './observability/tracing-preload';
import type { AddressInfo } from 'node:net';
import { config, ConfigError } from './config';
import { loadEnvFile } from './env-file';
import { logger } from './logger';
import { stopTracing } from './observability/tracing';

/**
 * The address to paste into a browser or curl: a wildcard interface (all addresses) is
 * reached as localhost; the port is the one bound (PORT=0 picks a free one).
 */
export function graphqlUrl(host: string, port: number): string {
  const reachable = host === '0.0.0.0' || host === '::' ? 'localhost' : host;
  return `http://${reachable.includes(':') ? `[${reachable}]` : reachable}:${port}/graphql`;
}

/** Bootstrap: config, database (created if missing), migrations, server, listen, shutdown. */
async function main(): Promise<void> {
  loadEnvFile();
  let cfg;
  try {
    cfg = config();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(78);
    }
    throw error;
  }
  // Loaded once the configuration is known to be good, so a bad one is reported at once.
  const { createDataSource, createMigrationDataSource } = await import('./data-source');
  const { ensureDatabase, migrateWithLock } = await import('./database/bootstrap');
  const { createServer } = await import('./server');
  const { ensureSessionPartitions } = await import('./database/session-partitions');
  const { clock } = await import('./common/clock');
  const log = logger();
  for (const name of cfg.developmentDefaults) {
    log.warn(
      { setting: name },
      `${name} is not set: using the development default (never do this in production)`,
    );
  }

  // Migrations may run as a privileged user of their own (DATABASE_MIGRATION_URL), the
  // server then connects as one that may only read and append to the access log.
  await ensureDatabase(cfg.DATABASE_MIGRATION_URL ?? cfg.DATABASE_URL);
  const migrator = createMigrationDataSource();
  await migrator.initialize();
  try {
    const applied = await migrateWithLock(migrator);
    log.info({ applied }, applied.length ? 'migrations applied' : 'database schema up to date');
    // Months ahead for the sessions table (docs/scaling.md); the daily job does the same.
    const added = await ensureSessionPartitions(migrator, clock.now(), 3).catch((error: Error) => {
      log.warn({ err: error.message }, 'sessions partitions not extended');
      return [];
    });
    if (added.length) log.info({ added }, 'sessions partitions added');
  } finally {
    await migrator.destroy();
  }

  const db = createDataSource();
  await db.initialize();
  const server = await createServer({ db, config: cfg, log });
  await server.http.listen({ port: cfg.PORT, host: cfg.HOST });
  if (server.metricsHttp) {
    await server.metricsHttp.listen({ port: cfg.METRICS_PORT, host: cfg.HOST });
  } else if (cfg.NODE_ENV === 'production') {
    log.warn('/metrics is served on the public port: set METRICS_PORT to serve it apart');
  }
  const url = graphqlUrl(cfg.HOST, (server.http.server.address() as AddressInfo).port);
  log.info(
    { url, port: (server.http.server.address() as AddressInfo).port },
    `KacMac privacy backend listening on ${url}`,
  );

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'stopping: finishing requests in flight');
    // The drain is bounded: requests in flight are bounded by the statement limits, but a
    // stop must not wait on anything that is not (a hung pool close, a slow client).
    setTimeout(() => {
      log.error(
        { timeoutMs: cfg.SHUTDOWN_TIMEOUT_MS },
        'stop did not finish within SHUTDOWN_TIMEOUT_MS: exiting',
      );
      process.exit(1);
    }, cfg.SHUTDOWN_TIMEOUT_MS);
    try {
      // Apollo's fastify drain plugin closes the listener and lets requests in flight
      // finish (connections still open after 10 s are cut), then Apollo stops.
      await server.apollo.stop();
      await db.destroy();
      await stopTracing();
      log.info('stopped');
      process.exit(0);
    } catch (error) {
      log.error({ err: (error as Error).name }, 'unclean stop');
      process.exit(1);
    }
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
}

if (require.main === module)
  main().catch((error: unknown) => {
    logger().fatal(
      { err: error instanceof Error ? { type: error.name, message: error.message } : String(error) },
      'start failed',
    );
    process.exit(1);
  });
