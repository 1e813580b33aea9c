import { DataSource } from 'typeorm';
import { createMigrationDataSource, dataSourceOptions } from '../../src/data-source';
import { ensureDatabase } from '../../src/database/bootstrap';
import { migrations } from '../../migrations';

/**
 * How a migration meets data that already exists: a database of its own is brought up to
 * just before `migration`, `write` fills it as the build before would have, then the rest
 * of the migrations run.
 */
export async function migrateAcross(
  url: string,
  migration: (typeof migrations)[number],
  write: (before: DataSource) => Promise<void>,
): Promise<void> {
  await ensureDatabase(url);
  const before = new DataSource({
    ...dataSourceOptions({ url, poolSize: 1 }),
    migrations: migrations.slice(0, migrations.indexOf(migration)),
  });
  await before.initialize();
  try {
    await before.runMigrations({ transaction: 'each' });
    await write(before);
  } finally {
    await before.destroy();
  }
  const migrator = createMigrationDataSource(url);
  await migrator.initialize();
  try {
    await migrator.runMigrations({ transaction: 'each' });
  } finally {
    await migrator.destroy();
  }
}
