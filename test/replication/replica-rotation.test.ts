import 'reflect-metadata';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { Role } from '../../src/auth/roles';
import { replicationOf } from '../../src/database/replication';
import { Harness, errorOf, startHarness } from '../helpers/harness';
import { parseMetrics, sampleValue } from '../helpers/prometheus-text';
import { Cluster, migratedDatabase, startCluster } from './cluster';

/**
 * Several replicas, one of them dead (docs/scaling.md): the dead one leaves rotation on its
 * own, reads keep going to the live replica (not to the primary), and readiness and
 * /metrics name the one that failed. The live replica is a real MariaDB following the
 * primary (cluster.ts); the dead one a port nothing listens on.
 */
const DATABASE = 'kacmac_replica_rotation';
let cluster: Cluster;
let h: Harness;

const CREATE = `mutation($input: CreateSubscriberInput!) { createSubscriber(input: $input) { id } }`;
const READ = `query($id: ID!) { subscriber(id: $id) { id email } }`;

async function deadPort(): Promise<number> {
  return new Promise((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

beforeAll(async () => {
  cluster = await startCluster();
  const { primaryUrl, replicaUrl } = await migratedDatabase(cluster, DATABASE);
  const dead = new URL(replicaUrl);
  dead.port = String(await deadPort());
  h = await startHarness({
    url: primaryUrl,
    replicaUrls: [replicaUrl, dead.toString()],
    replicaRetryMs: 60_000,
  });
}, 120_000);

afterAll(async () => {
  await h?.close();
  cluster?.destroy();
});

test('one dead replica of two: reads go on from the live replica, the dead one is counted and reported', async () => {
  const writer = await h.token(Role.SUPPORT, 'agent-rotation-writer');
  const reader = await h.token(Role.SUPPORT, 'agent-rotation-reader');
  const create = async (email: string) => {
    const created = await h.run<{ createSubscriber: { id: string } }>(CREATE, {
      token: writer,
      variables: { input: { name: 'Rotation Test', email } },
    });
    expect(created.errors).toBeUndefined();
    return created.data!.createSubscriber.id;
  };
  const known = await create('rotation.known@example.com');
  await cluster.caughtUp();
  const state = replicationOf(h.db)!;
  const fallbacks = state.fallbacks;

  // Enough reads to give each replica its turn several times.
  for (let i = 0; i < 6; i += 1) {
    const read = await h.run<{ subscriber: { email: string } }>(READ, {
      token: reader,
      variables: { id: known },
    });
    expect(read.errors).toBeUndefined();
    expect(read.data?.subscriber.email).toBe('rotation.known@example.com');
  }
  // The reads were served by the live replica: one the replica has not applied is not found
  // there, where the primary would have found it.
  await cluster.pauseApplying();
  const unapplied = await create('rotation.unapplied@example.com');
  expect(errorOf(await h.run(READ, { token: reader, variables: { id: unapplied } }))).toMatchObject({
    code: 'NOT_FOUND',
  });
  await cluster.resumeApplying();

  expect(state.fallbacks).toBe(fallbacks);
  expect(state.replicas[0]).toMatchObject({ failures: 0 });
  expect(state.replicas[1].failures).toBe(1);

  // lagSeconds is null: the reader user may not read the replica's status.
  const ready = await h.server.http.inject({ method: 'GET', url: '/health/ready' });
  expect(ready.statusCode).toBe(200);
  expect(ready.json()).toEqual({
    status: 'degraded',
    primary: 'up',
    replicas: [
      { replica: 0, status: 'up', lagSeconds: null, inRotation: true, failures: 0 },
      { replica: 1, status: 'down', lagSeconds: null, inRotation: false, failures: 1 },
    ],
  });

  const scraped = parseMetrics((await h.server.http.inject({ method: 'GET', url: '/metrics' })).body);
  const value = (name: string, labels: Record<string, string>) => sampleValue(scraped, name, labels);
  expect(value('kacmac_database_replica_failures_total', { replica: 'replica0' })).toBe(0);
  expect(value('kacmac_database_replica_failures_total', { replica: 'replica1' })).toBe(1);
  expect(value('kacmac_database_replica_in_rotation', { replica: 'replica0' })).toBe(1);
  expect(value('kacmac_database_replica_in_rotation', { replica: 'replica1' })).toBe(0);
  expect(value('kacmac_database_replica_fallbacks_total', { reason: 'unavailable' })).toBe(fallbacks);
}, 90_000);
