import { createMigrationDataSource } from '../../src/database/data-source';
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
