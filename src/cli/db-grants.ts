import 'reflect-metadata';
import { parseArgs } from 'node:util';
import { config } from '../config';
import { createMigrationDataSource } from '../data-source';
import { splitDatabaseUrl } from '../database/bootstrap';
import { serverGrantStatements } from '../database/least-privilege';

const USAGE = `usage: npm run db:grants -- --account "'kacmac_app'@'%'" [--apply]`;

/**
 * `npm run db:grants`: the GRANT statements that give the server's own user exactly what
 * it needs on the database of DATABASE_URL (src/database/least-privilege.ts). Prints them;
 * with --apply runs them as the migration user (DATABASE_MIGRATION_URL).
 */
async function main(): Promise<void> {
  let values;
  try {
    values = parseArgs({ options: { account: { type: 'string' }, apply: { type: 'boolean' } } }).values;
  } catch {
    values = {};
  }
  if (!values.account) {
    console.error(USAGE);
    process.exit(2);
  }
  const { database } = splitDatabaseUrl(config().DATABASE_URL);
  const db = createMigrationDataSource();
  await db.initialize();
  try {
    const statements = await serverGrantStatements(db, database, values.account);
    for (const sql of statements) {
      console.log(`${sql};`);
      if (values.apply) await db.query(sql);
    }
  } finally {
    await db.destroy();
  }
}

main().catch((error: unknown) => {
  console.error(`grants failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
