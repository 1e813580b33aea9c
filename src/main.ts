import 'reflect-metadata';
import type { AddressInfo } from 'node:net';
import { config, ConfigError } from './config';
import { loadEnvFile } from './env-file';
import { logger } from './logger';
import { createDataSource } from './database/data-source';
import { ensureDatabase, migrateWithLock } from './database/bootstrap';
import { createServer } from './server';

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
  const log = logger();
  for (const name of cfg.developmentDefaults) {
    log.warn(
      { setting: name },
      `${name} is not set: using the development default (never do this in production)`,
    );
  }

  await ensureDatabase(cfg.DATABASE_URL);
  const db = createDataSource();
  await db.initialize();
  const applied = await migrateWithLock(db);
  log.info({ applied }, applied.length ? 'migrations applied' : 'database schema up to date');

  const server = await createServer({ db, config: cfg, log });
  await server.http.listen({ port: cfg.PORT, host: cfg.HOST });
  const url = graphqlUrl(cfg.HOST, (server.http.server.address() as AddressInfo).port);
  log.info({ url }, `KacMac privacy backend listening on ${url}`);

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'stopping: finishing requests in flight');
    try {
      // Apollo's fastify drain plugin closes the listener and lets requests in flight
      // finish (connections still open after 10 s are cut), then Apollo stops.
      await server.apollo.stop();
      await db.destroy();
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
