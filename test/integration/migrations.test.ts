import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { createDataSource, createMigrationDataSource } from '../../src/data-source';
import { dropDatabase, ensureDatabase, migrateWithLock } from '../../src/database/bootstrap';
import { migrations } from '../../migrations';
import { testDatabaseUrl } from '../helpers/database-url';

/** Migrations on a database of their own: two processes at once, and every step reverts. */
const url = `${testDatabaseUrl()}_migrations`;

beforeAll(() => ensureDatabase(url));
afterAll(() => dropDatabase(url));

test('two processes migrating at once apply each migration exactly once', async () => {
  const first = createMigrationDataSource(url);
  const second = createMigrationDataSource(url);
  await Promise.all([first.initialize(), second.initialize()]);
  try {
    const [a, b] = await Promise.all([migrateWithLock(first), migrateWithLock(second)]);
    expect([...a, ...b].sort()).toEqual(migrations.map((m) => m.name).sort());
    const rows: { name: string }[] = await first.query('SELECT name FROM migrations');
    expect(rows).toHaveLength(migrations.length);
    expect(await migrateWithLock(first)).toEqual([]);
  } finally {
    await Promise.all([first.destroy(), second.destroy()]);
  }
});

test('every migration reverts, and the schema comes back', async () => {
  const db = createMigrationDataSource(url);
  await db.initialize();
  try {
    for (let i = 0; i < migrations.length; i++) await db.undoLastMigration({ transaction: 'each' });
    const tables: unknown[] = await db.query(
      "SELECT table_name FROM information_schema.tables WHERE table_schema = DATABASE() AND table_name <> 'migrations'",
    );
    expect(tables).toEqual([]);
    expect(await migrateWithLock(db)).toHaveLength(migrations.length);
  } finally {
    await db.destroy();
  }
});

test('npm run migration:revert says which migration it reverted, or that none is applied', async () => {
  const revert = () =>
    spawnSync(process.execPath, ['-r', 'ts-node/register/transpile-only', 'src/cli/migration-revert.ts'], {
      cwd: join(__dirname, '..', '..'),
      env: { ...process.env, DATABASE_URL: url },
      encoding: 'utf8',
      timeout: 60_000,
    });
  const last = migrations[migrations.length - 1].name;
  const setup = createDataSource({ url, poolSize: 2, replicaUrls: [] });
  await setup.initialize();
  await migrateWithLock(setup).finally(() => setup.destroy());
  const first = revert();
  expect(first.status).toBe(0);
  expect(first.stdout).toContain(`reverted ${last} on `);
  const db = createDataSource({ url, poolSize: 2, replicaUrls: [] });
  await db.initialize();
  try {
    const rows: { name: string }[] = await db.query('SELECT name FROM migrations');
    expect(rows.map((r) => r.name)).not.toContain(last);
    expect(await migrateWithLock(db)).toEqual([last]);
    await db.query('DELETE FROM migrations');
  } finally {
    await db.destroy();
  }
  const none = revert();
  expect(none.status).toBe(0);
  expect(none.stdout).toContain('nothing to revert: no migration is applied');
}, 120_000);
