import 'reflect-metadata';
import { parseArgs } from 'node:util';
import { createPool } from 'mysql2/promise';
import { Config, config } from '../config';
import { currentCardKey } from '../modules/billing/card-crypto';
import { loadEnvFile } from '../env-file';
import { createMigrationDataSource } from '../data-source';
import { ensureDatabase, migrateWithLock } from '../database/bootstrap';
import { seedDatabase, SeedCounts, SeedOptions } from '../seed/seed-database';
import { seedPolicyVersion } from '../seed/demo-policy';

const USAGE = `usage: npm run seed -- --subscribers N [options]
  --subscribers N               subscribers to add (default 1000)
  --sessions-per-subscriber M   average sessions per subscriber (default 100)
  --tickets-per-subscriber T    average support tickets per subscriber (default 20)
  --inquiries-per-subscriber I  average product inquiries per subscriber (default 1)
  --seed S                      random seed; the same seed gives the same data (default 42)
  --now ISO-DATE                end of the seeded two-year history (default 2026-11-01)
  --batch-size B                rows per INSERT statement (default 2000)`;

function count(name: string, value: string | undefined, fallback: number, max: number): number {
  if (value === undefined) return fallback;
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 0 || parsed > max) {
    throw new Error(`--${name} must be a whole number between 0 and ${max}`);
  }
  return parsed;
}

export function parseSeedArgs(argv: string[], cfg: Config): SeedOptions {
  const { values } = parseArgs({
    args: argv,
    options: {
      subscribers: { type: 'string' },
      'sessions-per-subscriber': { type: 'string' },
      'tickets-per-subscriber': { type: 'string' },
      'inquiries-per-subscriber': { type: 'string' },
      seed: { type: 'string' },
      now: { type: 'string' },
      'batch-size': { type: 'string' },
    },
    strict: true,
  });
  const now = new Date(values.now ?? '2026-11-01T00:00:00Z');
  if (Number.isNaN(now.getTime())) throw new Error('--now must be an ISO-8601 date');
  return {
    subscribers: count('subscribers', values.subscribers, 1000, 10_000_000),
    sessionsPerSubscriber: count('sessions-per-subscriber', values['sessions-per-subscriber'], 100, 100_000),
    ticketsPerSubscriber: count('tickets-per-subscriber', values['tickets-per-subscriber'], 20, 10_000),
    inquiriesPerSubscriber: count('inquiries-per-subscriber', values['inquiries-per-subscriber'], 1, 1000),
    seed: count('seed', values.seed, 42, 2 ** 32 - 1),
    batchSize: Math.max(1, count('batch-size', values['batch-size'], 2000, 100_000)),
    now,
    retentionMonths: cfg.RETENTION_MONTHS,
    cardKey: currentCardKey(cfg),
    verificationTtlMinutes: cfg.ID_VERIFICATION_TTL_MINUTES,
  };
}

function describe(counts: SeedCounts): string {
  return Object.entries(counts)
    .map(([table, rows]) => `${table} ${rows}`)
    .join(', ');
}

/** `npm run seed`: demo data for development and benchmarks; never in production. */
async function main(): Promise<void> {
  loadEnvFile();
  // Checked before the configuration is read, so the refusal is the first thing said.
  if (process.env.NODE_ENV === 'production') {
    throw new Error('refusing to seed demo data with NODE_ENV=production');
  }
  const cfg = config();
  let options: SeedOptions;
  try {
    options = parseSeedArgs(process.argv.slice(2), cfg);
  } catch (error) {
    console.error(USAGE);
    throw error;
  }
  const database = new URL(cfg.DATABASE_URL).pathname.slice(1);
  console.log(`seeding database ${database}: ${options.subscribers} subscribers (seed ${options.seed})`);

  await ensureDatabase(cfg.DATABASE_URL);
  const db = createMigrationDataSource(cfg.DATABASE_URL);
  await db.initialize();
  try {
    await migrateWithLock(db);
  } finally {
    await db.destroy();
  }

  const pool = createPool({ uri: cfg.DATABASE_URL, connectionLimit: 8, timezone: 'Z' });
  const started = Date.now();
  try {
    // The policy history is the database's, not the test fixtures': only the command adds to it.
    const connection = await pool.getConnection();
    const policyVersions = await seedPolicyVersion(connection, options.now).finally(() =>
      connection.release(),
    );
    const counts = await seedDatabase(pool, options, (progress, done, total) => {
      const seconds = ((Date.now() - started) / 1000).toFixed(1);
      console.log(`[${seconds}s] subscribers ${done}/${total}: ${describe(progress)}`);
    });
    console.log(
      `done in ${((Date.now() - started) / 1000).toFixed(1)}s: ${describe(counts)}, policy_versions ${policyVersions}`,
    );
  } finally {
    await pool.end();
  }
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(`seed failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  });
}
