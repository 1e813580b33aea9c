import 'reflect-metadata';
import { config } from '../config';
import { loadEnvFile } from '../env-file';
import { createDataSource } from '../data-source';

/**
 * `npm run migration:revert`: undoes the last applied migration of the database of
 * DATABASE_URL, in a transaction, and says which one it was (or that none was applied).
 * Exit 0 when it reverted or had nothing to revert, 1 when the revert failed.
 */
async function main(): Promise<void> {
  loadEnvFile();
  const cfg = config();
  const database = new URL(cfg.DATABASE_URL).pathname.slice(1);
  const db = createDataSource({ poolSize: 2, replicaUrls: [] });
  await db.initialize();
  try {
    const runner = db.createQueryRunner();
    const tracked = await runner.hasTable('migrations').finally(() => runner.release());
    const applied: { name: string }[] = tracked
      ? await db.query('SELECT name FROM migrations ORDER BY timestamp DESC, id DESC LIMIT 1')
      : [];
    const last = applied[0];
    if (!last) {
      console.log(`nothing to revert: no migration is applied to ${database}`);
      return;
    }
    await db.undoLastMigration({ transaction: 'each' });
    console.log(`reverted ${last.name} on ${database}; \`npm run migrate\` applies it again`);
  } finally {
    await db.destroy();
  }
}

main().catch((error: unknown) => {
  console.error(`revert failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
