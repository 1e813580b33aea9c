import 'reflect-metadata';
import { Role } from '../../src/auth/roles';
import { createDataSource } from '../../src/data-source';
import { ensureDatabase, migrateWithLock } from '../../src/database/bootstrap';
import { replicationOf } from '../../src/database/replication';
import { Harness, errorOf, startHarness } from '../helpers/harness';
import { insertBillingProfile, insertException } from '../helpers/privacy-fixtures';
import { Cluster, startCluster } from './cluster';

/**
 * Replication on real processes (docs/design.md section 8, docs/scaling.md): a MariaDB primary
 * and a replica following it by GTID, started for this file; lag made by stopping the
 * replica's SQL thread, failures by stopping a node's process.
 */
const DATABASE = 'kacmac_replication';
let cluster: Cluster;
let h: Harness;

const CREATE = `mutation($input: CreateSubscriberInput!) { createSubscriber(input: $input) { id email } }`;
const READ = `query($id: ID!) { subscriber(id: $id) { id email } }`;

async function create(token: string, email: string) {
  return h.run<{ createSubscriber: { id: string } }>(CREATE, {
    token,
    variables: { input: { name: 'Replica Test', email } },
  });
}

beforeAll(async () => {
  cluster = await startCluster();
  const primaryUrl = `${cluster.primaryServerUrl}/${DATABASE}`;
  await ensureDatabase(primaryUrl);
  const migrator = createDataSource({ url: primaryUrl, poolSize: 2, replicaUrls: [] });
  await migrator.initialize();
  try {
    await migrateWithLock(migrator);
  } finally {
    await migrator.destroy();
  }
  await cluster.caughtUp();
  h = await startHarness({
    url: primaryUrl,
    replicaUrls: [`${cluster.replicaReaderServerUrl}/${DATABASE}`],
    replicaRetryMs: 1000,
  });
}, 120_000);

afterAll(async () => {
  await h?.close();
  cluster?.destroy();
});

afterEach(async () => {
  cluster.startNodes();
  await cluster.resumeApplying().catch(() => undefined);
});

describe('read your writes while the replica lags', () => {
  test('the writer sees its change at once; another actor reads the lagging replica', async () => {
    const writer = await h.token(Role.SUPPORT, 'agent-writer');
    const other = await h.token(Role.SUPPORT, 'agent-other');
    await cluster.pauseApplying();
    const created = await create(writer, 'lag.one@example.com');
    expect(created.errors).toBeUndefined();
    const id = created.data!.createSubscriber.id;

    const before = replicationOf(h.db)!.freshnessFallbacks;
    const own = await h.run<{ subscriber: { email: string } | null }>(READ, {
      token: writer,
      variables: { id },
    });
    expect(own.data?.subscriber?.email).toBe('lag.one@example.com');
    expect(replicationOf(h.db)!.freshnessFallbacks).toBeGreaterThan(before);

    // The other actor's read is served by the replica, which has not applied the insert.
    const theirs = await h.run(READ, { token: other, variables: { id } });
    expect(errorOf(theirs)).toMatchObject({ code: 'NOT_FOUND' });

    await cluster.resumeApplying();
    await cluster.caughtUp();
    const after = await h.run<{ subscriber: { email: string } | null }>(READ, {
      token: other,
      variables: { id },
    });
    expect(after.data?.subscriber?.email).toBe('lag.one@example.com');
  });

  test('a verification recorded a moment ago opens billing at once, whatever the lag', async () => {
    const admin = await h.token(Role.ADMIN, 'admin-setup');
    const id = (await create(admin, 'gate.open@example.com')).data!.createSubscriber.id;
    const primary = await cluster.primary();
    await primary.query(`USE ${DATABASE}`);
    await insertBillingProfile({ query: (sql: string, p: unknown[]) => primary.query(sql, p) } as never, id);
    await cluster.caughtUp();
    await cluster.pauseApplying();

    const customer = await h.token(Role.CUSTOMER, id);
    const query = `{ me { billing { cardLast4 } } }`;
    const closed = await h.run(query, { token: customer });
    expect(errorOf(closed)).toMatchObject({ reason: 'ID_VERIFICATION_REQUIRED' });

    // Recorded by a clerk for the customer: the reader has no write of its own to wait for,
    // its subscriber row comes from the lagging replica, the gate's fact from the primary.
    const clerk = await h.token(Role.BILLING, 'billing-verifier');
    const recorded = await h.run(
      `mutation($input: IdentityVerificationInput!) { recordIdentityVerification(input: $input) { id } }`,
      { token: clerk, variables: { input: { subscriberId: id, documentType: 'PASSPORT', grantedTo: id } } },
    );
    expect(recorded.errors).toBeUndefined();
    const open = await h.run<{ me: { billing: { cardLast4: string } } }>(query, { token: customer });
    expect(open.errors).toBeUndefined();
    expect(open.data?.me.billing.cardLast4).toBe('4242');
    await primary.end();
  });

  test('a revoked exception closes billing at once, whatever the lag', async () => {
    const admin = await h.token(Role.ADMIN, 'admin-setup');
    const id = (await create(admin, 'gate.close@example.com')).data!.createSubscriber.id;
    const primary = await cluster.primary();
    await primary.query(`USE ${DATABASE}`);
    const asDb = { query: (sql: string, p: unknown[]) => primary.query(sql, p).then(([r]) => r) } as never;
    await insertBillingProfile(asDb, id);
    const exceptionId = await insertException(asDb, {
      subscriberId: id,
      status: 'ACTIVE',
      categories: ['BILLING'],
      requestedBy: 'officer-reader',
      approvedBy: 'officer-approver',
    });
    await cluster.caughtUp();
    const officer = await h.token(Role.COMPLIANCE, 'officer-reader');
    const query = `query($id: ID!) { subscriber(id: $id) { billing { cardLast4 } } }`;
    const open = await h.run(query, { token: officer, variables: { id } });
    expect(open.errors).toBeUndefined();

    await cluster.pauseApplying();
    const revoker = await h.token(Role.ADMIN, 'admin-revoker');
    const revoked = await h.run(`mutation($id: ID!) { revokeDisclosureException(id: $id) { status } }`, {
      token: revoker,
      variables: { id: exceptionId },
    });
    expect(revoked.errors).toBeUndefined();
    const closed = await h.run(query, { token: officer, variables: { id } });
    expect(errorOf(closed)).toMatchObject({ code: 'FORBIDDEN' });
    await primary.end();
  });
});

describe('several instances', () => {
  test('a write through one instance is read through another, with the note shared in Redis', async () => {
    const shared = {
      REDIS_URL: process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379',
      REDIS_KEY_PREFIX: `kacmac-test-${process.env.KACMAC_TEST_RUN ?? process.pid}:`,
    };
    const options = {
      url: `${cluster.primaryServerUrl}/${DATABASE}`,
      replicaUrls: [`${cluster.replicaReaderServerUrl}/${DATABASE}`],
      config: shared,
    };
    const [a, b] = [await startHarness(options), await startHarness(options)];
    try {
      const writer = await a.token(Role.SUPPORT, 'agent-two-instances');
      await cluster.pauseApplying();
      const created = await a.run<{ createSubscriber: { id: string } }>(CREATE, {
        token: writer,
        variables: { input: { name: 'Two Instances', email: 'two.instances@example.com' } },
      });
      expect(created.errors).toBeUndefined();
      const id = created.data!.createSubscriber.id;
      const read = await b.run<{ subscriber: { email: string } | null }>(READ, {
        token: writer,
        variables: { id },
      });
      expect(read.errors).toBeUndefined();
      expect(read.data?.subscriber?.email).toBe('two.instances@example.com');
    } finally {
      await a.close();
      await b.close();
    }
  }, 60_000);
});

describe('faults', () => {
  const ready = async () => {
    const response = await h.server.http.inject({ method: 'GET', url: '/health/ready' });
    return { status: response.statusCode, body: response.json() };
  };

  test('replica down: reads fall back to the primary at once; readiness 200 names the replica down', async () => {
    const support = await h.token(Role.SUPPORT, 'agent-fault');
    const id = (await create(support, 'replica.down@example.com')).data!.createSubscriber.id;
    await cluster.caughtUp();
    const reader = await h.token(Role.SUPPORT, 'agent-reader');
    cluster.stopNode('replica');

    const fallbacks = replicationOf(h.db)!.fallbacks;
    const started = Date.now();
    const read = await h.run<{ subscriber: { email: string } }>(READ, { token: reader, variables: { id } });
    expect(read.errors).toBeUndefined();
    expect(read.data?.subscriber.email).toBe('replica.down@example.com');
    expect(Date.now() - started).toBeLessThan(5000);
    expect(replicationOf(h.db)!.fallbacks).toBeGreaterThan(fallbacks);

    expect(await ready()).toEqual({
      status: 200,
      body: {
        status: 'degraded',
        primary: 'up',
        replicas: [{ replica: 0, status: 'down', lagSeconds: null }],
      },
    });

    // Back in rotation after the retry delay, without a restart.
    cluster.startNodes();
    await cluster.caughtUp();
    await new Promise((resolve) => setTimeout(resolve, 1100));
    const again = replicationOf(h.db)!.fallbacks;
    const reread = await h.run(READ, { token: reader, variables: { id } });
    expect(reread.errors).toBeUndefined();
    expect(replicationOf(h.db)!.fallbacks).toBe(again);
    expect((await ready()).body).toMatchObject({ status: 'ok', replicas: [{ status: 'up' }] });
  }, 60_000);

  test('primary down: writes fail fast with SERVICE_UNAVAILABLE, reads go on from the replica, writes resume', async () => {
    const support = await h.token(Role.SUPPORT, 'agent-primary');
    const id = (await create(support, 'primary.down@example.com')).data!.createSubscriber.id;
    await cluster.caughtUp();
    const reader = await h.token(Role.SUPPORT, 'agent-reads-on');
    cluster.stopNode('primary');

    const started = Date.now();
    const refused = await create(support, 'never.written@example.com');
    expect(Date.now() - started).toBeLessThan(5000);
    expect(errorOf(refused)).toMatchObject({ code: 'SERVICE_UNAVAILABLE', reason: 'DATABASE_UNAVAILABLE' });

    const read = await h.run<{ subscriber: { email: string } }>(READ, { token: reader, variables: { id } });
    expect(read.errors).toBeUndefined();
    expect(read.data?.subscriber.email).toBe('primary.down@example.com');
    expect(await ready()).toMatchObject({ status: 200, body: { status: 'degraded', primary: 'down' } });

    cluster.startNodes();
    const resumed = await create(support, 'after.restart@example.com');
    expect(resumed.errors).toBeUndefined();
    expect((await ready()).body).toMatchObject({ primary: 'up' });
  }, 60_000);

  test('no acknowledged write is lost across a replica and a primary restart', async () => {
    const writer = await h.token(Role.SUPPORT, 'agent-counter');
    const acknowledged: string[] = [];
    let refused = 0;
    let running = true;
    const load = (async () => {
      for (let i = 0; running && i < 2000; i++) {
        const result = await create(writer, `ack.${i}@example.com`);
        if (result.data?.createSubscriber) acknowledged.push(result.data.createSubscriber.id);
        else {
          refused++;
          expect(errorOf(result)).toMatchObject({ code: 'SERVICE_UNAVAILABLE' });
          await new Promise((resolve) => setTimeout(resolve, 50));
        }
      }
    })();
    const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
    await pause(500);
    cluster.stopNode('replica');
    await pause(500);
    cluster.startNodes();
    await pause(500);
    cluster.stopNode('primary');
    await pause(500);
    cluster.startNodes();
    await pause(1000);
    running = false;
    await load;

    expect(refused).toBeGreaterThan(0);
    expect(acknowledged.length).toBeGreaterThan(0);
    await cluster.caughtUp();
    for (const connection of [await cluster.primary(), await cluster.replica()]) {
      const [rows] = await connection.query(
        `SELECT COUNT(*) AS n FROM ${DATABASE}.subscribers WHERE id IN (${acknowledged.map(() => '?').join(',')})`,
        acknowledged,
      );
      expect(Number((rows as Array<{ n: number }>)[0].n)).toBe(acknowledged.length);
      await connection.end();
    }
  }, 120_000);
});
