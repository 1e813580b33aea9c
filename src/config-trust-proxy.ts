import { isIP } from 'node:net';
import { z } from 'zod';

/**
 * TRUST_PROXY (docs/design.md section 6): which peers may tell the server the client's
 * address in X-Forwarded-For. Off by default: the address a request is counted under
 * (the anonymous rate limit, src/http/rate-limit.ts) is then the TCP peer's, and a client
 * cannot pick its own by sending the header. Set it to the load balancer's addresses or
 * networks ("10.0.0.5,10.1.0.0/16", or proxy-addr's names loopback, linklocal,
 * uniquelocal), or to a hop count ("1": the peer is a proxy whatever its address, so only
 * right when nothing else can reach the server). Handed to Fastify's `trustProxy`.
 */
export type TrustProxy = false | number | string[];

const NAMES = new Set(['loopback', 'linklocal', 'uniquelocal']);

function isAddressOrNetwork(entry: string): boolean {
  if (NAMES.has(entry)) return true;
  const [address, prefix, ...rest] = entry.split('/');
  const family = isIP(address);
  if (!family || rest.length > 0) return false;
  if (prefix === undefined) return true;
  const bits = Number(prefix);
  return /^\d{1,3}$/.test(prefix) && bits <= (family === 4 ? 32 : 128);
}

export const trustProxySetting = z
  .preprocess((v) => (v === undefined ? '' : v), z.string())
  .transform((value, ctx): TrustProxy => {
    const trimmed = value.trim();
    if (trimmed === '' || trimmed === 'false' || trimmed === 'off') return false;
    if (/^\d+$/.test(trimmed)) {
      const hops = Number(trimmed);
      if (hops >= 1 && hops <= 10) return hops;
    }
    const entries = trimmed
      .split(',')
      .map((entry) => entry.trim())
      .filter(Boolean);
    const bad = entries.filter((entry) => !isAddressOrNetwork(entry));
    if (entries.length === 0 || bad.length > 0) {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        message:
          'off, a hop count from 1 to 10, or comma-separated addresses, CIDR networks, loopback, linklocal or uniquelocal',
      });
      return z.NEVER;
    }
    return entries;
  });

/** Fastify's form: a hop count as proxy-addr reads one (the nearest `hops` peers are proxies). */
export function fastifyTrustProxy(
  setting: TrustProxy,
): boolean | string[] | ((address: string, hop: number) => boolean) {
  if (typeof setting === 'number') return (_address, hop) => hop < setting;
  return setting;
}
