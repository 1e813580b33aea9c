import 'reflect-metadata';
import { createDataSource } from '../data-source';
import { ensureSessionPartitions } from '../database/session-partitions';
import { clock } from '../common/clock';

/**
 * `npm run sessions:partitions [-- --months-ahead N]`: adds the monthly partitions of the
 * sessions table up to N months (default 3) after today. Run it daily (cron, a Kubernetes
 * CronJob); re-running is a no-op, and the server runs it at start too.
 */
async function main(): Promise<void> {
  const flag = process.argv.indexOf('--months-ahead');
  const monthsAhead = flag >= 0 ? Number(process.argv[flag + 1]) : 3;
  if (!Number.isInteger(monthsAhead) || monthsAhead < 1 || monthsAhead > 36) {
    console.error('--months-ahead takes a whole number from 1 to 36');
    process.exit(2);
  }
  const db = createDataSource({ poolSize: 1, replicaUrls: [] });
  await db.initialize();
  try {
    const added = await ensureSessionPartitions(db, clock.now(), monthsAhead);
    console.log(
      added.length ? `added partitions: ${added.join(', ')}` : 'sessions partitions already in place',
    );
  } finally {
    await db.destroy();
  }
}

main().catch((error: unknown) => {
  console.error(`sessions:partitions failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
