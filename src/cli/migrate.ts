import 'reflect-metadata';
import { config } from '../config';
import { loadEnvFile } from '../env-file';
import { createMigrationDataSource } from '../data-source';
import { ensureDatabase, migrateWithLock } from '../database/bootstrap';

/** `npm run migrate`: creates the database if needed and applies pending migrations under the lock. */
async function main(): Promise<void> {
  loadEnvFile();
  const cfg = config();
  await ensureDatabase(cfg.DATABASE_MIGRATION_URL ?? cfg.DATABASE_URL);
  const db = createMigrationDataSource();
  await db.initialize();
  try {
    const applied = await migrateWithLock(db);
    console.log(
      applied.length ? `applied: ${applied.join(', ')}` : 'nothing to apply: the schema is up to date',
    );
  } finally {
    await db.destroy();
  }
}

main().catch((error: unknown) => {
  console.error(`migration failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
