import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { createDataSource } from '../data-source';
import { loadEnvFile } from '../env-file';
import { Role } from '../auth/roles';
import { PurgeEvent, RetentionPurge } from '../modules/retention/purge.service';

/**
 * `npm run retention:purge [-- --dry-run] [-- --batch-size N]`: the retention purge from a
 * terminal or cron (docs/lifecycle.md). Prints one line per account (ids only, never
 * personal data) and a summary. Exit codes: 0 done, 1 some accounts failed (left
 * untouched, retried next run), 2 the purge could not run at all.
 */
const ACTOR = { actorId: 'system:retention-purge', role: Role.ADMIN };

function argument(name: string): string | undefined {
  const index = process.argv.indexOf(name);
  return index >= 0 ? process.argv[index + 1] : undefined;
}

function printEvent(event: PurgeEvent): void {
  const labels = {
    purged: 'purged',
    wouldPurge: 'would purge',
    skippedOnHold: 'skipped (hold)',
    failed: 'FAILED',
  };
  const detail = event.kind === 'failed' ? ` (${event.error})` : '';
  console.log(`  ${labels[event.kind].padEnd(15)} subscriber ${event.subscriberId}${detail}`);
}

async function main(): Promise<number> {
  loadEnvFile();
  const dryRun = process.argv.includes('--dry-run');
  const batchSize = Number(argument('--batch-size') ?? 200);
  if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > 10_000) {
    console.error('--batch-size must be a whole number from 1 to 10000');
    return 2;
  }
  const requestId = `retention-purge-${randomUUID()}`;
  console.log(`retention purge${dryRun ? ' (dry run: nothing is changed)' : ''}, run ${requestId}`);
  const db = createDataSource({ poolSize: 2 });
  await db.initialize();
  try {
    const started = Date.now();
    const outcome = await new RetentionPurge(db, {
      dryRun,
      actor: ACTOR,
      requestId,
      batchSize,
      onProgress: printEvent,
    }).run();
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    console.log(
      `${dryRun ? 'would purge' : 'purged'}: ${outcome.purged.length}, ` +
        `skipped on hold: ${outcome.skippedOnHold.length}, failed: ${outcome.failed.length} (${seconds}s)`,
    );
    return outcome.failed.length > 0 ? 1 : 0;
  } finally {
    await db.destroy();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    const err = error as { code?: string; name?: string };
    console.error(`retention purge could not run: ${err.code ?? err.name ?? 'error'}`);
    process.exit(2);
  },
);
