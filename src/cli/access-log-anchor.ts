import 'reflect-metadata';
import { createDataSource } from '../data-source';
import { accessLogKeyring } from '../access-log/access-log-keys';
import { takeAnchor } from '../access-log/access-log-anchor';

/**
 * `npm run access-log:anchor`: prints the signed head of the access log (id, hash, time,
 * key id, signature) as one JSON line, for an operator to store outside the database
 * (docs/access-log.md). `npm run access-log:verify -- --anchor '<that line>'` checks it.
 */
async function main(): Promise<void> {
  const db = createDataSource({ poolSize: 1, replicaUrls: [] });
  await db.initialize();
  try {
    console.log(JSON.stringify(await takeAnchor(db, accessLogKeyring())));
  } finally {
    await db.destroy();
  }
}

main().catch((error: unknown) => {
  console.error(`anchor failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
