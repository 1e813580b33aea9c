import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { ConfigError, parseConfig } from '../../../src/config';
import { createLogger } from '../../../src/logger';
import { createServer, AppServer } from '../../../src/server';
import { Role } from '../../../src/auth/roles';
import { clientKey } from '../../../src/http/rate-limit';
import * as tokens from '../../../src/auth/token';
import { startHarness, Harness } from '../../helpers/harness';

/**
 * Issue 10, finding 2: no rate limit anywhere, the public `domainRegistration` look-up
 * (registrant name and e-mail) included. docs/design.md section 6: per actor, and per client
 * address without a token; over the limit HTTP 429, RATE_LIMITED and Retry-After; counters
 * in Redis when REDIS_URL is set, shared by every instance; health checks never limited.
 */
const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
let h: Harness;
const servers: AppServer[] = [];

beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  for (const server of servers) await server.apollo.stop();
  await h.close();
});

async function serverWith(settings: Record<string, string>): Promise<AppServer> {
  const config = parseConfig({
    ...process.env,
    RATE_LIMIT_ACTOR_PER_MINUTE: '5',
    RATE_LIMIT_ANONYMOUS_PER_MINUTE: '3',
    ...settings,
  });
  const server = await createServer({ db: h.db, config, log: createLogger('silent') });
  servers.push(server);
  return server;
}

const lookup = {
  query: '{ domainRegistration(domain: "nothing.example") { registrantName registrantEmail } }',
};
const post = (
  server: AppServer,
  options: { token?: string; address?: string; forwardedFor?: string; body?: unknown } = {},
) =>
  server.http.inject({
    method: 'POST',
    url: '/graphql',
    remoteAddress: options.address ?? '203.0.113.7',
    headers: {
      'content-type': 'application/json',
      ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
      ...(options.forwardedFor ? { 'x-forwarded-for': options.forwardedFor } : {}),
    },
    payload: JSON.stringify(options.body ?? lookup),
  });

const expectRateLimited = (response: Awaited<ReturnType<typeof post>>) => {
  expect(response.statusCode).toBe(429);
  const retryAfter = Number(response.headers['retry-after']);
  expect(retryAfter).toBeGreaterThanOrEqual(1);
  expect(retryAfter).toBeLessThanOrEqual(60);
  expect(response.json()).toEqual({
    errors: [
      {
        message: `Too many requests: try again in ${retryAfter} s`,
        extensions: { code: 'RATE_LIMITED', reason: 'RATE_LIMITED' },
      },
    ],
  });
};

describe.each([
  ['in memory', () => ({})],
  ['in Redis', () => ({ REDIS_URL, REDIS_KEY_PREFIX: `kacmac-test-${randomBytes(4).toString('hex')}:` })],
])('counters %s', (_label, settingsFor) => {
  let server: AppServer;
  beforeAll(async () => {
    server = await serverWith(settingsFor());
  });

  test('the public domain look-up without a token: the address limit, then 429', async () => {
    const address = '198.51.100.20';
    for (let i = 0; i < 3; i++) expect((await post(server, { address })).statusCode).toBe(200);
    expectRateLimited(await post(server, { address }));
    // Another address has a count of its own; health checks are never limited.
    expect((await post(server, { address: '198.51.100.21' })).statusCode).toBe(200);
    expect(
      (await server.http.inject({ method: 'GET', url: '/health/live', remoteAddress: address })).statusCode,
    ).toBe(200);
    expect(
      (await server.http.inject({ method: 'GET', url: '/health/ready', remoteAddress: address })).statusCode,
    ).toBe(200);
  });

  test('with a token, the actor is counted, wherever it calls from', async () => {
    const token = await h.token(Role.SUPPORT, `agent-${randomBytes(3).toString('hex')}`);
    for (let i = 0; i < 5; i++) {
      expect((await post(server, { token, address: `192.0.2.${i + 1}` })).statusCode).toBe(200);
    }
    expectRateLimited(await post(server, { token, address: '192.0.2.99' }));
    // Another actor, from the same address, is not affected.
    const other = await h.token(Role.SUPPORT, `agent-${randomBytes(3).toString('hex')}`);
    expect((await post(server, { token: other, address: '192.0.2.1' })).statusCode).toBe(200);
  });

  test('a token that does not verify counts as anonymous, under its address', async () => {
    const address = '198.51.100.30';
    const forged = (await h.token(Role.ADMIN)).slice(0, -4) + 'AAAA';
    for (let i = 0; i < 3; i++) expect((await post(server, { token: forged, address })).statusCode).toBe(200);
    expectRateLimited(await post(server, { address }));
  });

  test('a burst of concurrent requests: exactly the limit is served', async () => {
    const token = await h.token(Role.SUPPORT, `agent-${randomBytes(3).toString('hex')}`);
    const statuses = await Promise.all(
      Array.from({ length: 40 }, () => post(server, { token }).then((r) => r.statusCode)),
    );
    expect(statuses.filter((s) => s === 200)).toHaveLength(5);
    expect(statuses.filter((s) => s === 429)).toHaveLength(35);
  });
});

describe('several instances on one Redis', () => {
  const prefix = `kacmac-test-${randomBytes(4).toString('hex')}:`;
  const redis = new Redis(REDIS_URL, { lazyConnect: true });
  afterAll(async () => {
    const keys = await redis.keys(`${prefix}*`);
    if (keys.length) await redis.del(...keys);
    redis.disconnect();
  });

  test('share one count per actor, kept under the configured prefix', async () => {
    const a = await serverWith({ REDIS_URL, REDIS_KEY_PREFIX: prefix });
    const b = await serverWith({ REDIS_URL, REDIS_KEY_PREFIX: prefix });
    const token = await h.token(Role.BILLING, 'billing-shared');
    for (const server of [a, b, a, b, a]) expect((await post(server, { token })).statusCode).toBe(200);
    expectRateLimited(await post(b, { token }));
    await redis.connect();
    const keys = await redis.keys(`${prefix}*`);
    expect(keys).toEqual([`${prefix}rate:actor:BILLING:billing-shared`]);
    const ttl = await redis.pttl(keys[0]);
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(60_000);
  });
});

describe('while Redis cannot be reached', () => {
  test('requests are neither held up nor unlimited: each instance counts in memory', async () => {
    // Nothing listens on port 9 of this machine (discard), so every command fails at once.
    const server = await serverWith({
      REDIS_URL: 'redis://127.0.0.1:9',
      REDIS_KEY_PREFIX: 'kacmac-test-down:',
    });
    const address = '198.51.100.40';
    const started = Date.now();
    for (let i = 0; i < 3; i++) expect((await post(server, { address })).statusCode).toBe(200);
    expectRateLimited(await post(server, { address }));
    expect(Date.now() - started).toBeLessThan(5000);
  });
});

describe('the address a request without a token is counted under', () => {
  test('IPv4 as it is, IPv6 by its /64', () => {
    expect(clientKey('203.0.113.7')).toBe('203.0.113.7');
    expect(clientKey('::ffff:203.0.113.7')).toBe('203.0.113.7');
    expect(clientKey('2001:db8:1:2:aaaa::1')).toBe('2001:db8:1:2::/64');
    expect(clientKey('2001:db8:1:2:ffff:ffff:ffff:ffff')).toBe(clientKey('2001:0db8:0001:0002::9'));
  });
});

describe('X-Forwarded-For and TRUST_PROXY', () => {
  test('off by default: a client cannot choose the address it is counted under', async () => {
    const server = await serverWith({});
    const address = '198.51.100.50';
    for (let i = 0; i < 3; i++) {
      expect((await post(server, { address, forwardedFor: `192.0.2.${i + 10}` })).statusCode).toBe(200);
    }
    // A fresh spoofed address each time, and still the peer's count.
    expectRateLimited(await post(server, { address, forwardedFor: '192.0.2.77' }));
  });

  test('from a trusted proxy, the client it names is counted; from any other peer, the peer', async () => {
    const server = await serverWith({ TRUST_PROXY: '10.0.0.0/8, 127.0.0.1' });
    const proxy = '10.1.2.3';
    for (let i = 0; i < 3; i++) {
      expect((await post(server, { address: proxy, forwardedFor: '198.51.100.60' })).statusCode).toBe(200);
    }
    expectRateLimited(await post(server, { address: proxy, forwardedFor: '198.51.100.60' }));
    // Another client behind the same proxy has its own count, and so does the proxy itself.
    expect((await post(server, { address: proxy, forwardedFor: '198.51.100.61' })).statusCode).toBe(200);
    expect((await post(server, { address: proxy })).statusCode).toBe(200);
    // A peer outside the list is counted as itself, whatever it forwards.
    const outsider = '203.0.113.60';
    for (let i = 0; i < 3; i++) {
      expect((await post(server, { address: outsider, forwardedFor: `192.0.2.${i + 20}` })).statusCode).toBe(
        200,
      );
    }
    expectRateLimited(await post(server, { address: outsider, forwardedFor: '198.51.100.62' }));
    // A client cannot hide behind a trusted address it writes into the header itself.
    expectRateLimited(await post(server, { address: outsider, forwardedFor: `198.51.100.63, ${proxy}` }));
  });

  test('a hop count trusts that many proxies in front of the server', async () => {
    const server = await serverWith({ TRUST_PROXY: '1' });
    for (let i = 0; i < 3; i++) {
      expect((await post(server, { address: '10.9.9.9', forwardedFor: '198.51.100.70' })).statusCode).toBe(
        200,
      );
    }
    expectRateLimited(await post(server, { address: '10.9.9.8', forwardedFor: '198.51.100.70' }));
    // One hop: of "spoofed, client", only the entry the proxy added counts.
    expectRateLimited(
      await post(server, { address: '10.9.9.9', forwardedFor: '192.0.2.200, 198.51.100.70' }),
    );
  });

  test('a value that is neither off, a hop count nor addresses stops the start', () => {
    for (const value of ['true', 'everyone', '10.0.0.0/33', '0']) {
      expect(() => parseConfig({ ...process.env, TRUST_PROXY: value })).toThrow(ConfigError);
    }
    expect(parseConfig({ ...process.env, TRUST_PROXY: 'off' }).TRUST_PROXY).toBe(false);
    expect(parseConfig({ ...process.env, TRUST_PROXY: 'loopback,::1,fd00::/8' }).TRUST_PROXY).toEqual([
      'loopback',
      '::1',
      'fd00::/8',
    ]);
  });
});

describe('one verification of the token per request', () => {
  afterEach(() => jest.restoreAllMocks());

  test('the rate limit and the context share it; the next request verifies again', async () => {
    const server = await serverWith({ RATE_LIMIT_ACTOR_PER_MINUTE: '100' });
    const token = await h.token(Role.ADMIN);
    const verifications = jest.spyOn(tokens, 'authenticate');
    const body = { query: '{ privacyPolicy { version } }' };
    expect((await post(server, { token, body })).statusCode).toBe(200);
    expect(verifications).toHaveBeenCalledTimes(1);
    expect((await post(server, { token, body })).statusCode).toBe(200);
    expect(verifications).toHaveBeenCalledTimes(2);
    // A token that does not verify still answers UNAUTHENTICATED where a token is needed.
    const refused = await post(server, {
      token: `${token}x`,
      body: { query: '{ subscribers(first: 1) { totalCount } }' },
    });
    expect(refused.json().errors[0].extensions.code).toBe('UNAUTHENTICATED');
    expect(verifications).toHaveBeenCalledTimes(3);
  });
});
