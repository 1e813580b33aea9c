import 'reflect-metadata';
import { randomBytes } from 'node:crypto';

/** Creates this run's database and applies every migration, as `npm start` would. */
export default async function globalSetup(): Promise<void> {
  process.env.KACMAC_TEST_RUN ??= `${process.pid}_${randomBytes(3).toString('hex')}`;
  const { testDatabaseUrl } = await import('./database-url');
  const url = testDatabaseUrl();
  const { ensureDatabase, migrateWithLock } = await import('../../src/database/bootstrap');
  const { createMigrationDataSource } = await import('../../src/data-source');
  await ensureDatabase(url);
  const db = createMigrationDataSource(url);
  await db.initialize();
  try {
    await migrateWithLock(db);
  } finally {
    await db.destroy();
  }
}
