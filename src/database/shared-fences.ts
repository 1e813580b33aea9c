import { Redis } from 'ioredis';
import type { DataSource } from 'typeorm';
import type { Logger } from 'pino';
import type { Config } from '../config';
import { replicationOf, useWriteFenceStore } from './replication';
import { RedisWriteFenceStore } from './write-fence';

/**
 * With replicas and REDIS_URL, every instance sees every actor's last write position
 * (docs/scaling.md, "Read your writes"), so a client whose next request reaches another
 * instance still reads its writes. Returns the client to close at shutdown.
 */
export function shareWriteFences(db: DataSource, config: Config, log: Logger): Redis | null {
  if (!config.REDIS_URL || !replicationOf(db)) return null;
  const redis = new Redis(config.REDIS_URL, {
    // Commands fail at once while Redis is away; the writer's own instance then still knows.
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    connectTimeout: 2000,
  });
  redis.on('error', (error: Error) => log.warn({ err: error.name }, 'read-your-writes store unavailable'));
  useWriteFenceStore(db, new RedisWriteFenceStore(redis, config.REDIS_KEY_PREFIX));
  return redis;
}
