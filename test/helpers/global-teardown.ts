/** Drops this run's database, so tests leave nothing behind. */
export default async function globalTeardown(): Promise<void> {
  const { testDatabaseUrl } = await import('./database-url');
  const { dropDatabase } = await import('../../src/database/bootstrap');
  if (!process.env.KEEP_TEST_DATABASE) await dropDatabase(testDatabaseUrl());
}
