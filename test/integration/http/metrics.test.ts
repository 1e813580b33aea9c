import { createServer as createNetServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import type { QueryRunner } from 'typeorm';
import { Role } from '../../../src/auth/roles';
import { startHarness, Harness, resetData } from '../../helpers/harness';
import { insertHistory, insertSubscriber } from '../../helpers/fixtures';
import { insertBillingProfile, insertVerification } from '../../helpers/privacy-fixtures';
import { parseMetrics, sampleValue } from '../../helpers/prometheus-text';
import { testDatabaseUrl } from '../../helpers/database-url';

/** GET /metrics in Prometheus text: what operators of the server watch, and no personal data. */
let h: Harness;
beforeAll(async () => {
  h = await startHarness();
  await resetData(h.db);
});
afterAll(() => h.close());

async function scrape() {
  const response = await h.server.http.inject({ method: 'GET', url: '/metrics' });
  expect(response.statusCode).toBe(200);
  expect(response.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
  return parseMetrics(response.body);
}

const post = (body: unknown, token?: string, contentType = 'application/json') =>
  h.server.http.inject({
    method: 'POST',
    url: '/graphql',
    headers: { 'content-type': contentType, ...(token ? { authorization: `Bearer ${token}` } : {}) },
    payload: JSON.stringify(body),
  });

test('every family is exposed: requests, denials, access log, pool, timeouts, event loop, process', async () => {
  const families = (await scrape()).families;
  for (const name of [
    'kacmac_graphql_request_duration_seconds',
    'kacmac_graphql_errors_total',
    'kacmac_access_denials_total',
    'kacmac_access_log_entries_total',
    'kacmac_database_pool_connections_in_use',
    'kacmac_database_pool_waiting',
    'kacmac_database_pool_connections_max',
    'kacmac_database_statement_timeouts_total',
    'nodejs_eventloop_lag_seconds',
    'nodejs_eventloop_lag_p99_seconds',
    'process_cpu_user_seconds_total',
    'process_resident_memory_bytes',
  ]) {
    expect(families).toContain(name);
  }
});

test('request durations by operation name and role', async () => {
  const s = await insertSubscriber(h.db);
  const count = async (operation: string, role: string) =>
    sampleValue(await scrape(), 'kacmac_graphql_request_duration_seconds_count', { operation, role });
  const before = await count('MetricsProbe', 'SUPPORT');
  const token = await h.token(Role.SUPPORT, 'agent-7');
  for (let i = 0; i < 3; i += 1) {
    await post(
      { query: `query MetricsProbe($id: ID!) { subscriber(id: $id) { id } }`, variables: { id: s.id } },
      token,
    );
  }
  expect(await count('MetricsProbe', 'SUPPORT')).toBe(before + 3);
  const anonymousBefore = await count('anonymous', 'anonymous');
  await post({ query: `{ subscriber(id: "${s.id}") { id } }` });
  expect(await count('anonymous', 'anonymous')).toBe(anonymousBefore + 1);
  // Refused by CSRF prevention before Apollo ran it: still timed, as "none".
  const refusedBefore = await count('none', 'none');
  await post({ query: '{ __typename }' }, token, 'text/plain');
  expect(await count('none', 'none')).toBe(refusedBefore + 1);
});

test('denials by reason, errors by code', async () => {
  const s = await insertSubscriber(h.db);
  const denied = async (reason: string) =>
    sampleValue(await scrape(), 'kacmac_access_denials_total', { reason });
  const missing = await denied('TOKEN_MISSING');
  const aggregates = await denied('AGGREGATES_ONLY');
  await post({ query: `{ subscriber(id: "${s.id}") { id } }` });
  await post({ query: `{ subscriber(id: "${s.id}") { id } }` }, await h.token(Role.REPORTING, 'report-1'));
  expect(await denied('TOKEN_MISSING')).toBe(missing + 1);
  expect(await denied('AGGREGATES_ONLY')).toBe(aggregates + 1);
  expect(
    sampleValue(await scrape(), 'kacmac_graphql_errors_total', { code: 'FORBIDDEN' }),
  ).toBeGreaterThanOrEqual(1);
});

describe('access log', () => {
  const BILLING_READ = `query Q($id: ID!) { subscriber(id: $id) { name billing { cardLast4 } } }`;
  const entries = async (result: string) =>
    sampleValue(await scrape(), 'kacmac_access_log_entries_total', { result });

  async function billingReader() {
    const s = await insertSubscriber(h.db);
    await insertBillingProfile(h.db, s.id);
    await insertHistory(h.db, s.id, { payments: 1 });
    await insertVerification(h.db, { subscriberId: s.id, grantedTo: 'billing-m' });
    return { id: s.id, token: await h.token(Role.BILLING, 'billing-m') };
  }

  test('entries written are counted when they commit', async () => {
    const { id, token } = await billingReader();
    const written = await entries('written');
    const response = await post({ query: BILLING_READ, variables: { id } }, token);
    expect(response.json().data.subscriber.billing.cardLast4).toBe('4242');
    expect(await entries('written')).toBe(written + 1);
  });

  test('a write that fails is counted, and so is the withheld response', async () => {
    const { id, token } = await billingReader();
    const before = await scrape();
    const failed = sampleValue(before, 'kacmac_access_log_entries_total', { result: 'failed' });
    const written = sampleValue(before, 'kacmac_access_log_entries_total', { result: 'written' });
    const internal = sampleValue(before, 'kacmac_graphql_errors_total', { code: 'INTERNAL_SERVER_ERROR' });
    await h.db.query(
      `CREATE TRIGGER access_log_refuse BEFORE INSERT ON access_log_entries FOR EACH ROW
       SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'refused for the test'`,
    );
    try {
      expect((await post({ query: BILLING_READ, variables: { id } }, token)).statusCode).toBe(500);
    } finally {
      await h.db.query('DROP TRIGGER access_log_refuse');
    }
    const after = await scrape();
    expect(sampleValue(after, 'kacmac_access_log_entries_total', { result: 'failed' })).toBe(failed + 1);
    expect(sampleValue(after, 'kacmac_access_log_entries_total', { result: 'written' })).toBe(written);
    // Read after the flush replaced the response: the error the client got is the one counted.
    expect(sampleValue(after, 'kacmac_graphql_errors_total', { code: 'INTERNAL_SERVER_ERROR' })).toBe(
      internal + 1,
    );
  });
});

test('database pool: connections in use and requests waiting', async () => {
  const pool = async (name: string) => sampleValue(await scrape(), name, { pool: 'primary' });
  expect(await pool('kacmac_database_pool_connections_max')).toBe(5);
  const idleInUse = await pool('kacmac_database_pool_connections_in_use');
  const held: QueryRunner[] = [];
  try {
    for (let i = idleInUse; i < 5; i += 1) {
      const runner = h.db.createQueryRunner();
      await runner.connect();
      held.push(runner);
    }
    expect(await pool('kacmac_database_pool_connections_in_use')).toBe(5);
    expect(await pool('kacmac_database_pool_waiting')).toBe(0);
    const waiting = h.db.query('SELECT 1');
    await new Promise((resolve) => setImmediate(resolve));
    expect(await pool('kacmac_database_pool_waiting')).toBe(1);
    await held.pop()!.release();
    await waiting;
    expect(await pool('kacmac_database_pool_waiting')).toBe(0);
  } finally {
    for (const runner of held) await runner.release();
  }
  expect(await pool('kacmac_database_pool_connections_in_use')).toBe(idleInUse);
});

test('statement timeouts are counted from the database error (MariaDB 1969)', async () => {
  const timeouts = async () => sampleValue(await scrape(), 'kacmac_database_statement_timeouts_total', {});
  const before = await timeouts();
  await expect(h.db.query('SET STATEMENT max_statement_time = 0.05 FOR SELECT SLEEP(2)')).rejects.toThrow(
    /max_statement_time/,
  );
  expect(await timeouts()).toBe(before + 1);
  await expect(h.db.query('SELECT no_such_column FROM subscribers')).rejects.toThrow();
  expect(await timeouts()).toBe(before + 1);
});

test('no label holds personal data: no subscriber id, actor id, name or e-mail', async () => {
  const s = await insertSubscriber(h.db, { name: 'Zelda Metricsova', email: 'zelda.metrics@example.test' });
  const token = await h.token(Role.SUPPORT, 'actor-zz-metrics');
  await post(
    { query: `query Look($id: ID!) { subscriber(id: $id) { name email } }`, variables: { id: s.id } },
    token,
  );
  await post({ query: `{ subscriber(id: "${s.id}") { name } }` }, await h.token(Role.CUSTOMER, s.id));
  const { samples, text } = await scrape();
  const labelValues = samples
    .filter((sample) => sample.name.startsWith('kacmac_'))
    .flatMap(({ labels: { le: _bucketBound, ...labels } }) => Object.values(labels));
  expect(labelValues).not.toContain(s.id);
  for (const secret of ['actor-zz-metrics', 'Zelda', 'zelda.metrics@example.test']) {
    expect(text).not.toContain(secret);
  }
  expect(labelValues).toContain('Look');
});

describe('METRICS_PORT', () => {
  test('when set, /metrics is served by its own listener and not on the public port', async () => {
    const apart = await startHarness({ config: { METRICS_PORT: 9464 } });
    try {
      expect(apart.server.metricsHttp).not.toBeNull();
      const onPublic = await apart.server.http.inject({ method: 'GET', url: '/metrics' });
      expect(onPublic.statusCode).toBe(404);
      const onOwn = await apart.server.metricsHttp!.inject({ method: 'GET', url: '/metrics' });
      expect(onOwn.statusCode).toBe(200);
      expect(onOwn.body).toContain('kacmac_graphql_request_duration_seconds');
      const graphqlOnOwn = await apart.server.metricsHttp!.inject({ method: 'POST', url: '/graphql' });
      expect(graphqlOnOwn.statusCode).toBe(404);
    } finally {
      await apart.close();
    }
  });

  test('when unset, the public port serves /metrics', async () => {
    expect(h.server.metricsHttp).toBeNull();
    await scrape();
  });
});

describe('read replicas', () => {
  test('reads no replica could serve, and each replica failing, are counted and shown', async () => {
    // A replica URL on a port nothing listens on: every read falls back to the primary.
    const port = await new Promise<number>((resolve) => {
      const probe = createNetServer().listen(0, '127.0.0.1', () => {
        const { port: free } = probe.address() as AddressInfo;
        probe.close(() => resolve(free));
      });
    });
    const dead = new URL(testDatabaseUrl());
    dead.port = String(port);
    const replicated = await startHarness({ replicaUrls: [dead.toString()], replicaRetryMs: 60_000 });
    try {
      const s = await insertSubscriber(replicated.db);
      const token = await replicated.token(Role.SUPPORT, 'agent-replica-metrics');
      for (let i = 0; i < 3; i += 1) {
        const read = await replicated.run(`query($id: ID!) { subscriber(id: $id) { id } }`, {
          token,
          variables: { id: s.id },
        });
        expect(read.errors).toBeUndefined();
      }
      const response = await replicated.server.http.inject({ method: 'GET', url: '/metrics' });
      const scraped = parseMetrics(response.body);
      const fallbacks = (reason: string) =>
        sampleValue(scraped, 'kacmac_database_replica_fallbacks_total', { reason });
      expect(fallbacks('unavailable')).toBeGreaterThanOrEqual(3);
      expect(fallbacks('behind')).toBe(0);
      // Tried once, then out of rotation for the retry delay.
      expect(sampleValue(scraped, 'kacmac_database_replica_failures_total', { replica: 'replica0' })).toBe(1);
      expect(scraped.samples).toContainEqual({
        name: 'kacmac_database_replica_in_rotation',
        labels: { replica: 'replica0' },
        value: 0,
      });
    } finally {
      await replicated.close();
    }
  });
});
