import { isIPv6 } from 'node:net';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Redis } from 'ioredis';
import {
  RateLimiterAbstract,
  RateLimiterMemory,
  RateLimiterRedis,
  RateLimiterRes,
} from 'rate-limiter-flexible';
import type { Logger } from 'pino';
import { expandIpv6 } from '../modules/retention/ip-mask';
import { ErrorCode, Reason } from '../common/errors';
import type { Identity } from '../auth/actor';

/**
 * Rate limits (docs/design.md section 6): per actor for a request with a valid token, per
 * client address for one without (the public policy and `domainRegistration` look-ups
 * included), over a one-minute window. The counters live in Redis when a URL is given, so
 * every instance behind a load balancer counts together (rate-limiter-flexible: one atomic
 * script per request); in this process's memory otherwise, and also while Redis cannot be
 * reached (its insurance limiter), so an outage of Redis neither stops the API nor lifts
 * the limits. Only the routes given the hook are limited: health checks never are.
 */
export interface RateLimitSettings {
  actorPerMinute: number;
  anonymousPerMinute: number;
  redisUrl?: string;
  /** Prefix of the Redis keys, so deployments (and test runs) sharing a Redis stay apart. */
  keyPrefix: string;
}

export interface RateLimiter {
  /** An onRequest hook: answers 429 with a GraphQL error once the caller is over its limit. */
  hook(request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply | undefined>;
  store: 'redis' | 'memory';
  close(): Promise<void>;
}

const WINDOW_S = 60;

/**
 * The address a request without a token is counted under: an IPv4 address as it is, an
 * IPv6 address by its /64, the smallest network one subscriber line is usually given.
 */
export function clientKey(ip: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip);
  if (mapped) return mapped[1];
  if (isIPv6(ip)) {
    const network = expandIpv6(ip)
      .slice(0, 4)
      .map((group) => parseInt(group, 16).toString(16))
      .join(':');
    return `${network}::/64`;
  }
  return ip;
}

function rateLimitedBody(retryAfterSeconds: number) {
  return {
    errors: [
      {
        message: `Too many requests: try again in ${retryAfterSeconds} s`,
        extensions: { code: ErrorCode.RATE_LIMITED, reason: Reason.RATE_LIMITED },
      },
    ],
  };
}

function limiterFor(points: number, name: string, redis: Redis | undefined, keyPrefix: string) {
  const memory = new RateLimiterMemory({ points, duration: WINDOW_S, keyPrefix: name });
  if (!redis) return memory;
  return new RateLimiterRedis({
    storeClient: redis,
    points,
    duration: WINDOW_S,
    keyPrefix: `${keyPrefix}rate:${name}`,
    rejectIfRedisNotReady: true,
    insuranceLimiter: memory,
  });
}

export async function createRateLimiter(
  settings: RateLimitSettings,
  identify: (request: FastifyRequest) => Promise<Identity | null>,
  log: Logger,
): Promise<RateLimiter> {
  let redis: Redis | undefined;
  if (settings.redisUrl) {
    redis = new Redis(settings.redisUrl, {
      // A Redis that is away must not hold requests up: commands fail at once (and the
      // in-memory insurance counts) while the client reconnects in the background.
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      connectTimeout: 2000,
      lazyConnect: true,
    });
    redis.on('error', (error: Error) => log.warn({ err: error.name }, 'rate-limit store unavailable'));
    await redis
      .connect()
      .catch(() => log.warn('rate-limit store not reachable at start: counting in memory'));
  }
  const actors = limiterFor(settings.actorPerMinute, 'actor', redis, settings.keyPrefix);
  const addresses = limiterFor(settings.anonymousPerMinute, 'address', redis, settings.keyPrefix);

  return {
    store: redis ? 'redis' : 'memory',
    async hook(request, reply) {
      const identity = await identify(request);
      const [limiter, key]: [RateLimiterAbstract, string] = identity
        ? [actors, `${identity.role}:${identity.actorId}`]
        : [addresses, clientKey(request.ip)];
      try {
        await limiter.consume(key);
        return undefined;
      } catch (rejection) {
        if (!(rejection instanceof RateLimiterRes)) throw rejection;
        const retryAfter = Math.max(1, Math.ceil(rejection.msBeforeNext / 1000));
        return reply
          .code(429)
          .header('retry-after', String(retryAfter))
          .header('content-type', 'application/json; charset=utf-8')
          .send(rateLimitedBody(retryAfter));
      }
    },
    async close() {
      redis?.disconnect();
    },
  };
}
