import type { Queryable } from './read-routing';

/**
 * The server's own database user (docs/design.md section 3, README "A database user for the
 * server"): data tables it may read and change, the access log's tables it may only read
 * and append to (and its view only read), its head row it may move, TypeORM's tables, the
 * report roll-ups and the sessions' subscriber index and newest sessions it may only read,
 * and nothing else: no DDL, no triggers, no GRANT. Migrations run as a separate,
 * privileged user.
 * Per table, because MariaDB cannot take one table's UPDATE back from a database-wide
 * grant; re-run after a migration that adds a table.
 */
const SPECIAL: Record<string, string> = {
  // The log's two tables (migrations/…-NarrowAccessLog); the view `access_log` is read only.
  access_log_entries: 'SELECT, INSERT',
  access_log_groups: 'SELECT, INSERT',
  access_log: 'SELECT',
  access_log_head: 'SELECT, UPDATE',
  migrations: 'SELECT',
  // TypeORM's own bookkeeping (migrations/…-SchemaMetadata): only the migration user writes it.
  typeorm_metadata: 'SELECT',
  // Kept by triggers on sessions (migrations/…-SessionsBySubscriber), like the roll-ups.
  sessions_by_subscriber: 'SELECT',
  sessions_recent: 'SELECT',
};
const DATA_TABLE = 'SELECT, INSERT, UPDATE, DELETE';
/** The report roll-ups: written only by triggers, with the migration user's rights. */
const isRollup = (table: string) => /_rollup(_members)?$/.test(table);

/** `account` is a quoted account name, e.g. `'kacmac_app'@'%'`. */
export async function serverGrantStatements(
  db: Queryable,
  database: string,
  account: string,
): Promise<string[]> {
  if (!/^[A-Za-z0-9_]{1,64}$/.test(database))
    throw new Error('database: letters, digits and underscores only');
  if (!/^'[A-Za-z0-9_.-]{1,80}'@'[A-Za-z0-9_.%:-]{1,255}'$/.test(account)) {
    throw new Error(`account: a quoted name such as 'kacmac_app'@'%'`);
  }
  const tables: { name: string }[] = await db.query(
    `SELECT table_name AS name FROM information_schema.tables
     WHERE table_schema = ? AND table_type IN ('BASE TABLE', 'VIEW') ORDER BY table_name`,
    [database],
  );
  return tables.map(
    ({ name }) =>
      `GRANT ${SPECIAL[name] ?? (isRollup(name) ? 'SELECT' : DATA_TABLE)} ON \`${database}\`.\`${name}\` TO ${account}`,
  );
}
