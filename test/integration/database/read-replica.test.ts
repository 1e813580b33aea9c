import 'reflect-metadata';
import { createConnection, Connection } from 'mysql2/promise';
import { Role } from '../../../src/auth/roles';
import { createDataSource } from '../../../src/data-source';
import {
  ensureDatabase,
  dropDatabase,
  migrateWithLock,
  splitDatabaseUrl,
} from '../../../src/database/bootstrap';
import { testDatabaseUrl } from '../../helpers/database-url';
import { Harness, resetData, startHarness } from '../../helpers/harness';
import { insertSubscriber } from '../../helpers/fixtures';

/**
 * Read routing with DATABASE_REPLICA_URLS. The "replica" is a second database on the same
 * server, reached by a user that may only SELECT: it holds different rows than the
 * primary, so an answer shows which side served it, and any write routed to it fails.
 */
const primaryUrl = testDatabaseUrl();
const { database: primaryName } = splitDatabaseUrl(primaryUrl);
const replicaName = `${primaryName}_replica`.slice(0, 64);
const readerUser = `kacmac_reader_${process.env.KACMAC_TEST_RUN ?? 'local'}`.slice(0, 80);
const readerPassword = 'replica-reader-password';
const rootReplicaUrl = primaryUrl.replace(/\/[^/]+$/, `/${replicaName}`);
const readerUrl = (() => {
  const url = new URL(rootReplicaUrl);
  url.username = readerUser;
  url.password = readerPassword;
  return url.toString();
})();

let h: Harness;
let root: Connection;

beforeAll(async () => {
  await ensureDatabase(rootReplicaUrl);
  const migrator = createDataSource({ url: rootReplicaUrl, poolSize: 2, replicaUrls: [] });
  await migrator.initialize();
  try {
    await migrateWithLock(migrator);
  } finally {
    await migrator.destroy();
  }
  root = await createConnection({ uri: splitDatabaseUrl(primaryUrl).serverUrl });
  for (const host of ['127.0.0.1', 'localhost']) {
    await root.query(`CREATE USER IF NOT EXISTS ?@? IDENTIFIED BY ?`, [readerUser, host, readerPassword]);
    await root.query(`GRANT SELECT ON \`${replicaName}\`.* TO ?@?`, [readerUser, host]);
  }
  await root.query(
    `INSERT INTO \`${replicaName}\`.subscribers (account_number, status, name, email, created_at)
     VALUES ('KM1234567897', 'ACTIVE', 'Replica Only', 'replica.only@example.com', NOW(3))`,
  );
  h = await startHarness({ replicaUrls: [readerUrl] });
  await resetData(h.db);
  await insertSubscriber(h.db, { name: 'Primary Only' });
});

afterAll(async () => {
  await h?.close();
  for (const host of ['127.0.0.1', 'localhost'])
    await root.query('DROP USER IF EXISTS ?@?', [readerUser, host]);
  await root.end();
  await dropDatabase(rootReplicaUrl);
});

const names = (data: unknown) =>
  (data as { subscribers: { edges: { node: { name: string } }[] } }).subscribers.edges.map(
    (e) => e.node.name,
  );

describe('DATABASE_REPLICA_URLS', () => {
  it('serves queries from the replica', async () => {
    const token = await h.token(Role.ADMIN);
    const result = await h.run('{ subscribers(first: 10) { edges { node { name } } } }', { token });
    expect(result.errors).toBeUndefined();
    expect(names(result.data)).toEqual(['Replica Only']);
    const report = await h.run('{ report { subscribersByStatus { key suppressed } } }', {
      token: await h.token(Role.REPORTING),
    });
    expect(report.errors).toBeUndefined();
    expect(report.data).toEqual({ report: { subscribersByStatus: [{ key: 'ACTIVE', suppressed: true }] } });
  });

  it('runs mutations, their reads included, on the primary', async () => {
    const token = await h.token(Role.ADMIN);
    const created = await h.run(
      'mutation { createSubscriber(input: { name: "Written Here", email: "written.here@example.com" }) { id name } }',
      { token },
    );
    expect(created.errors).toBeUndefined();
    expect(created.data).toMatchObject({ createSubscriber: { name: 'Written Here' } });
    const [onPrimary] = await root.query(
      `SELECT COUNT(*) AS n FROM \`${primaryName}\`.subscribers WHERE name = 'Written Here'`,
    );
    const [onReplica] = await root.query(
      `SELECT COUNT(*) AS n FROM \`${replicaName}\`.subscribers WHERE name = 'Written Here'`,
    );
    expect([(onPrimary as { n: number }[])[0].n, (onReplica as { n: number }[])[0].n].map(Number)).toEqual([
      1, 0,
    ]);
  });

  it('refuses a write that reaches the replica', async () => {
    const runner = h.db.createQueryRunner('slave');
    try {
      await expect(
        runner.query(
          `INSERT INTO subscribers (account_number, status, name, email, created_at)
           VALUES ('KM9999999991', 'ACTIVE', 'Nope', 'nope@example.com', NOW(3))`,
        ),
      ).rejects.toMatchObject({ driverError: { code: 'ER_TABLEACCESS_DENIED_ERROR' } });
    } finally {
      await runner.release();
    }
  });
});
