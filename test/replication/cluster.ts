import { execFileSync } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { createConnection, Connection } from 'mysql2/promise';
import { createDataSource } from '../../src/data-source';
import { ensureDatabase, migrateWithLock } from '../../src/database/bootstrap';

/**
 * A primary and a replica (test/replication/cluster.sh) on free ports of this machine, with
 * a data directory per test run; never the machine's main MariaDB.
 */
export interface Cluster {
  primaryServerUrl: string;
  /** The application's replica user: SELECT only. */
  replicaReaderServerUrl: string;
  primary(): Promise<Connection>;
  replica(): Promise<Connection>;
  /** Stops or starts a node's process (its data kept). */
  stopNode(node: 'primary' | 'replica'): void;
  startNodes(): void;
  /** Replication lag on demand: the replica receives but stops applying. */
  pauseApplying(): Promise<void>;
  resumeApplying(): Promise<void>;
  /** Waits until the replica has applied everything the primary has written. */
  caughtUp(): Promise<void>;
  destroy(): void;
}

const script = join(__dirname, 'cluster.sh');

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

export async function startCluster(): Promise<Cluster> {
  const env = {
    ...process.env,
    KACMAC_CLUSTER_DIR: `/tmp/kacmac-replication-${process.env.KACMAC_TEST_RUN ?? process.pid}`,
    KACMAC_PRIMARY_PORT: String(await freePort()),
    KACMAC_REPLICA_PORT: String(await freePort()),
  };
  const run = (...args: string[]) => execFileSync('bash', [script, ...args], { env, encoding: 'utf8' });
  const urls = Object.fromEntries(
    run('start')
      .trim()
      .split('\n')
      .map((line) => line.split('=', 2) as [string, string]),
  );
  const open = (url: string) => createConnection({ uri: url, multipleStatements: true });
  const cluster: Cluster = {
    primaryServerUrl: urls.PRIMARY_URL,
    replicaReaderServerUrl: urls.REPLICA_READER_URL,
    primary: () => open(urls.PRIMARY_URL),
    replica: () => open(urls.REPLICA_URL),
    stopNode: (node) => void run('stop-node', node),
    startNodes: () => void run('start'),
    async pauseApplying() {
      const replica = await cluster.replica();
      await replica.query('STOP SLAVE SQL_THREAD');
      await replica.end();
    },
    async resumeApplying() {
      const replica = await cluster.replica();
      await replica.query('START SLAVE SQL_THREAD');
      await replica.end();
    },
    async caughtUp() {
      const [primary, replica] = [await cluster.primary(), await cluster.replica()];
      try {
        const [[{ pos }]] = (await primary.query('SELECT @@gtid_binlog_pos AS pos')) as unknown as [
          [{ pos: string }],
        ];
        const [[{ waited }]] = (await replica.query('SELECT MASTER_GTID_WAIT(?, 30) AS waited', [
          pos,
        ])) as unknown as [[{ waited: number }]];
        if (Number(waited) !== 0) throw new Error('the replica did not catch up within 30 s');
      } finally {
        await primary.end();
        await replica.end();
      }
    },
    destroy: () => void run('stop'),
  };
  return cluster;
}

/**
 * Creates and migrates `database` on the primary and waits for the replica to have it;
 * the URLs of the database on the primary and through the replica's reader user.
 */
export async function migratedDatabase(
  cluster: Cluster,
  database: string,
): Promise<{ primaryUrl: string; replicaUrl: string }> {
  const primaryUrl = `${cluster.primaryServerUrl}/${database}`;
  await ensureDatabase(primaryUrl);
  const migrator = createDataSource({ url: primaryUrl, poolSize: 2, replicaUrls: [] });
  await migrator.initialize();
  await migrateWithLock(migrator).finally(() => migrator.destroy());
  await cluster.caughtUp();
  return { primaryUrl, replicaUrl: `${cluster.replicaReaderServerUrl}/${database}` };
}
