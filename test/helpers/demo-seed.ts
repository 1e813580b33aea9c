import { createPool } from 'mysql2/promise';
import { seedDatabase, SeedOptions } from '../../src/seed/seed-database';

/**
 * Seeds the database at `url` with the demo data of `npm run seed`, its history ending on
 * 1 November 2026 under a 12-month retention, so that figures and plans can be compared
 * from run to run; a test or benchmark chooses only its size and its random seed.
 */
export async function seedDemoData(
  url: string,
  shape: Pick<
    SeedOptions,
    'subscribers' | 'sessionsPerSubscriber' | 'ticketsPerSubscriber' | 'inquiriesPerSubscriber' | 'seed'
  >,
  connectionLimit = 8,
): Promise<void> {
  const pool = createPool({ uri: url, connectionLimit, timezone: 'Z' });
  try {
    await seedDatabase(pool, {
      ...shape,
      batchSize: 2000,
      now: new Date('2026-11-01T00:00:00Z'),
      retentionMonths: 12,
    });
  } finally {
    await pool.end();
  }
}
