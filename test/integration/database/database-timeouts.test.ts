import { spawn } from 'node:child_process';
import { request } from 'node:http';
import { join } from 'node:path';
import type { DataSource } from 'typeorm';
import { Role } from '../../../src/auth/roles';
import { signToken } from '../../../src/auth/token';
import { config } from '../../../src/config';
import { logger, createLogger } from '../../../src/logger';
import { createDataSource } from '../../../src/data-source';
import { databaseErrorCode, databaseUnavailability } from '../../../src/database/timeouts';
import { createServer, AppServer } from '../../../src/server';
import { startHangingProxy, HangingProxy } from '../../helpers/hanging-proxy';

/**
 * Finding 4 of issue 10: with the database behind a proxy that stops forwarding, a
 * request must fail within the limits with a clear error and a log line, the start must
 * not wait forever for a connection, and a stop must not wait forever for the drain.
 */
const STATEMENT_MS = 1000;
const CONNECT_MS = 1000;
let proxy: HangingProxy;
let db: DataSource;
let server: AppServer;

beforeAll(async () => {
  proxy = await startHangingProxy(process.env.DATABASE_URL!);
  db = createDataSource({
    url: proxy.url(process.env.DATABASE_URL!),
    poolSize: 2,
    replicaUrls: [],
    statementTimeoutMs: STATEMENT_MS,
    connectTimeoutMs: CONNECT_MS,
  });
  await db.initialize();
  server = await createServer({ db, config: config(), log: createLogger('silent') });
});
afterAll(async () => {
  proxy.forward();
  await server.apollo.stop();
  await db.destroy().catch(() => undefined);
  await proxy.close();
});
afterEach(() => proxy.forward());

const timed = async <T>(work: () => Promise<T>) => {
  const started = Date.now();
  const result = await work();
  return { result, ms: Date.now() - started };
};

const listSubscribers = async () =>
  server.http.inject({
    method: 'POST',
    url: '/graphql',
    headers: {
      'content-type': 'application/json',
      authorization: `Bearer ${await signToken(server.tokenSettings, { sub: 'agent-7', role: Role.SUPPORT })}`,
    },
    payload: JSON.stringify({ query: '{ subscribers(first: 5) { totalCount } }' }),
  });

test('a statement slower than DATABASE_STATEMENT_TIMEOUT_MS is stopped by the database', async () => {
  const { result, ms } = await timed(() =>
    db.query('SELECT SLEEP(5) AS slept').catch((error: unknown) => error),
  );
  // MariaDB's max_statement_time stopped it (not the driver giving up later)...
  expect(databaseErrorCode(result)).toBe('ER_STATEMENT_TIMEOUT');
  expect(databaseUnavailability(result)).toBe('DATABASE_TIMEOUT');
  expect(ms).toBeLessThan(STATEMENT_MS + 900);
  // ...and the session goes on.
  expect(await db.query('SELECT 1 AS one')).toEqual([{ one: 1 }]);
});

test('a request whose database stops answering fails within the limit: SERVICE_UNAVAILABLE, 503, a log line', async () => {
  expect((await listSubscribers()).statusCode).toBe(200); // the pool holds live connections
  const logError = jest.spyOn(logger(), 'error');
  proxy.hang();
  try {
    const { result: response, ms } = await timed(listSubscribers);
    // The statement limit plus the driver's grace (or the connect limit), with room for a busy machine.
    expect(ms).toBeLessThan(STATEMENT_MS + 1000 + CONNECT_MS + 2000);
    expect(response.statusCode).toBe(503);
    expect(response.headers['retry-after']).toBe('5');
    const error = response.json().errors[0];
    expect(error.extensions).toEqual({
      code: 'SERVICE_UNAVAILABLE',
      reason: expect.stringMatching(/^DATABASE_(TIMEOUT|UNAVAILABLE)$/),
      requestId: response.headers['x-request-id'],
    });
    expect(JSON.stringify(response.json())).not.toMatch(/SELECT|PROTOCOL|ETIMEDOUT/);
    expect(logError).toHaveBeenCalledWith(
      expect.objectContaining({ requestId: response.headers['x-request-id'] }),
      'database did not answer',
    );
  } finally {
    logError.mockRestore();
  }
  // Once the database answers again, so does the server: the stuck connections were dropped.
  proxy.forward();
  const again = await listSubscribers();
  expect(again.statusCode).toBe(200);
  expect(again.json().data.subscribers.totalCount).toEqual(expect.any(Number));
});

test('readiness says 503 while the database hangs', async () => {
  proxy.hang();
  const { result, ms } = await timed(() => server.http.inject({ method: 'GET', url: '/health/ready' }));
  expect(result.statusCode).toBe(503);
  expect(ms).toBeLessThan(4000);
});

test('a database that accepts connections and never answers fails the connect within DATABASE_CONNECT_TIMEOUT_MS', async () => {
  proxy.hang();
  const stuck = createDataSource({
    url: proxy.url(process.env.DATABASE_URL!),
    poolSize: 1,
    replicaUrls: [],
    statementTimeoutMs: STATEMENT_MS,
    connectTimeoutMs: CONNECT_MS,
  });
  const { result, ms } = await timed(() => stuck.initialize().catch((error: unknown) => error));
  expect(result).toBeInstanceOf(Error);
  expect(databaseUnavailability(result)).toBe('DATABASE_UNAVAILABLE');
  expect(ms).toBeLessThan(CONNECT_MS + 2000);
});

test('requests beyond DATABASE_POOL_QUEUE_LIMIT waiting for a connection are refused at once', async () => {
  const small = createDataSource({
    url: proxy.url(process.env.DATABASE_URL!),
    poolSize: 1,
    replicaUrls: [],
    statementTimeoutMs: STATEMENT_MS,
    connectTimeoutMs: CONNECT_MS,
    queueLimit: 1,
  });
  await small.initialize();
  try {
    proxy.hang();
    const stuck = small.query('SELECT 1 AS stuck').catch((error: unknown) => error); // holds the one connection
    const queued = small.query('SELECT 2 AS queued').catch((error: unknown) => error); // waits for it
    const { result: refused, ms } = await timed(() =>
      small.query('SELECT 3 AS refused').catch((e: unknown) => e),
    );
    expect(databaseUnavailability(refused)).toBe('DATABASE_UNAVAILABLE');
    expect(ms).toBeLessThan(500);
    expect(databaseUnavailability(await stuck)).toBe('DATABASE_TIMEOUT');
    expect(databaseUnavailability(await queued)).not.toBeNull();
  } finally {
    proxy.forward();
    await small.destroy().catch(() => undefined);
  }
});

test('SIGTERM with a request stuck on the database exits within SHUTDOWN_TIMEOUT_MS', async () => {
  const child = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', 'src/main.ts'], {
    cwd: join(__dirname, '..', '..', '..'),
    env: {
      ...process.env,
      LOG_LEVEL: 'info',
      PORT: '0',
      HOST: '127.0.0.1',
      DATABASE_URL: proxy.url(process.env.DATABASE_URL!),
      DATABASE_MIGRATION_URL: process.env.DATABASE_URL,
      // The request would wait a minute for its statement; the stop may take one second.
      DATABASE_STATEMENT_TIMEOUT_MS: '60000',
      SHUTDOWN_TIMEOUT_MS: '1000',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk) => (output += String(chunk)));
  try {
    const port = await new Promise<number>((resolve, reject) => {
      const poll = setInterval(() => {
        const match = /"port":(\d+).*listening/.exec(output);
        if (match) {
          clearInterval(poll);
          resolve(Number(match[1]));
        }
      }, 100);
      child.on('exit', () => reject(new Error(`the server stopped: ${output}`)));
    });
    proxy.hang();
    const token = await signToken(
      { secret: process.env.JWT_SECRET!, issuer: 'kacmac', audience: 'kacmac-api' },
      { sub: 'agent-7', role: Role.SUPPORT },
    );
    const stuck = request({
      host: '127.0.0.1',
      port,
      path: '/graphql',
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    });
    stuck.on('error', () => undefined);
    stuck.end(JSON.stringify({ query: '{ subscribers(first: 5) { totalCount } }' }));
    await new Promise((resolve) => setTimeout(resolve, 500));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    const { result: code, ms } = await timed(async () => {
      child.kill('SIGTERM');
      return exited;
    });
    expect(ms).toBeLessThan(1000 + 3000);
    expect(code).toBe(1);
    expect(output).toContain('stop did not finish within SHUTDOWN_TIMEOUT_MS');
  } finally {
    child.kill('SIGKILL');
  }
}, 120_000);
