import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  createDataSource,
  createMigrationDataSource,
  createSchemaComparisonDataSource,
} from '../../../src/data-source';
import { dropDatabase, ensureDatabase, migrateWithLock } from '../../../src/database/bootstrap';
import { migrations } from '../../../migrations';
import { SessionEntity } from '../../../src/modules/session/session.entity';
import { testDatabaseUrl } from '../../helpers/database-url';

/**
 * Migrations on a database of their own: two processes at once, every step reverts, and
 * the entities describe exactly the schema the migrations build.
 */
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
    // TypeORM's own tables: `migrations`, and `typeorm_metadata`, which it makes again before
    // each revert because the entities hold a view (the access log's); empty, though.
    const tables: unknown[] = await db.query(
      `SELECT table_name FROM information_schema.tables WHERE table_schema = DATABASE()
       AND table_name NOT IN ('migrations', 'typeorm_metadata')`,
    );
    expect(tables).toEqual([]);
    expect(await db.query('SELECT * FROM typeorm_metadata')).toEqual([]);
    expect(await migrateWithLock(db)).toHaveLength(migrations.length);
  } finally {
    await db.destroy();
  }
});

test('npm run migration:revert says which migration it reverted, or that none is applied', async () => {
  const revert = () =>
    spawnSync(process.execPath, ['-r', 'ts-node/register/transpile-only', 'src/cli/migration-revert.ts'], {
      cwd: join(__dirname, '..', '..', '..'),
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

/** A freshly migrated database of its own, for `migration:generate`. */
const schemaUrl = `${testDatabaseUrl()}_schema`;

beforeAll(async () => {
  await ensureDatabase(schemaUrl);
  const db = createMigrationDataSource(schemaUrl);
  await db.initialize();
  await migrateWithLock(db).finally(() => db.destroy());
}, 120_000);
afterAll(() => dropDatabase(schemaUrl));

/** What `migration:generate` would write: the statements that turn the database into the entities. */
async function schemaDifference(): Promise<string[]> {
  const db = createSchemaComparisonDataSource(schemaUrl);
  await db.initialize();
  try {
    const log = await db.driver.createSchemaBuilder().log();
    return log.upQueries.map((query) => query.query);
  } finally {
    await db.destroy();
  }
}

test('the entities describe the migrated schema exactly: indexes, foreign keys, the SET and the generated column', async () => {
  const db = createMigrationDataSource(schemaUrl);
  await db.initialize();
  try {
    expect(await schemaDifference()).toEqual([]);
    // The server's own entities leave the generated column out: TypeORM would re-read it
    // with a SELECT after every session inserted.
    const reread = db.getMetadata(SessionEntity).getInsertionReturningColumns();
    expect(reread.filter((column) => !column.isGenerated).map((column) => column.databaseName)).toEqual([]);
    // The comparison is real: an index the migrations build and the database lacks shows up.
    await db.query('DROP INDEX idx_sessions_day_subscriber ON sessions');
    try {
      expect(await schemaDifference()).toEqual([
        expect.stringMatching(
          /^CREATE INDEX `idx_sessions_day_subscriber` ON `sessions` \(`started_day`, `subscriber_id`, `started_at`\)/,
        ),
      ]);
    } finally {
      await db.query(
        'CREATE INDEX idx_sessions_day_subscriber ON sessions (started_day, subscriber_id, started_at)',
      );
    }
  } finally {
    await db.destroy();
  }
}, 60_000);

test('npm run migration:generate on a migrated database finds no changes and writes nothing', () => {
  const out = mkdtempSync(join(tmpdir(), 'kacmac-generate-'));
  try {
    const root = join(__dirname, '..', '..', '..');
    const result = spawnSync(
      process.execPath,
      [
        join(root, 'node_modules', 'typeorm', 'cli-ts-node-commonjs.js'),
        'migration:generate',
        '-d',
        'ormconfig.ts',
        join(out, 'Probe'),
      ],
      { cwd: root, env: { ...process.env, DATABASE_URL: schemaUrl }, encoding: 'utf8', timeout: 120_000 },
    );
    expect(result.stderr).not.toContain('typeorm_metadata');
    expect(result.stdout).toContain('No changes in database schema were found');
    expect(existsSync(out) ? readdirSync(out) : []).toEqual([]);
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}, 150_000);
