import { createConnection } from 'mysql2/promise';
import type { DataSource } from 'typeorm';

// Named locks are server-wide: the name carries the database, so that migrating one
// database never waits for another on the same server. SHA1 keeps it under 64 characters.
const MIGRATION_LOCK = "CONCAT('kacmac:migrations:', SHA1(DATABASE()))";
const MIGRATION_LOCK_TIMEOUT_SECONDS = 120;

/** Splits `mysql://user:pass@host:port/db` into a server URL and the database name. */
export function splitDatabaseUrl(url: string): { serverUrl: string; database: string } {
  const parsed = new URL(url);
  const database = decodeURIComponent(parsed.pathname.replace(/^\//, ''));
  if (!/^[A-Za-z0-9_]{1,64}$/.test(database)) {
    throw new Error('DATABASE_URL must name a database made of letters, digits and underscores');
  }
  parsed.pathname = '/';
  return { serverUrl: parsed.toString(), database };
}

/** Creates the database named in `url` when it does not exist yet (InnoDB, utf8mb4). */
export async function ensureDatabase(url: string): Promise<void> {
  const { serverUrl, database } = splitDatabaseUrl(url);
  const connection = await createConnection({ uri: serverUrl });
  try {
    await connection.query(
      `CREATE DATABASE IF NOT EXISTS \`${database}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`,
    );
  } finally {
    await connection.end();
  }
}

export async function dropDatabase(url: string): Promise<void> {
  const { serverUrl, database } = splitDatabaseUrl(url);
  const connection = await createConnection({ uri: serverUrl });
  try {
    await connection.query(`DROP DATABASE IF EXISTS \`${database}\``);
  } finally {
    await connection.end();
  }
}

/**
 * Applies pending migrations under a named lock of the database, so two processes starting
 * at once never run the same migration twice: the second waits, then finds nothing to do.
 */
export async function migrateWithLock(dataSource: DataSource): Promise<string[]> {
  const runner = dataSource.createQueryRunner('master');
  await runner.connect();
  try {
    const [row] = await runner.query(`SELECT GET_LOCK(${MIGRATION_LOCK}, ?) AS acquired`, [
      MIGRATION_LOCK_TIMEOUT_SECONDS,
    ]);
    if (Number(row.acquired) !== 1) throw new Error('Timed out waiting for the migration lock');
    try {
      const applied = await dataSource.runMigrations({ transaction: 'each' });
      return applied.map((migration) => migration.name);
    } finally {
      await runner.query(`SELECT RELEASE_LOCK(${MIGRATION_LOCK})`);
    }
  } finally {
    await runner.release();
  }
}
