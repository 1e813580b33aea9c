import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The access log in two tables (docs/access-log.md, "How entries are stored"):
 *
 * - `access_log_groups`: what consecutive entries of one append share (the time, the
 *   request, the actor and role, the category, the field list, the operation and the key),
 *   once. A group's id is the id of its first entry.
 * - `access_log_entries`: one slim row per entry (its subscriber, basis, disclosure
 *   exception and the chained hashes), naming its group.
 * - `access_log`, a view joining them, reads as the one table of entries it replaces, with
 *   the same columns (and `group_id`): every reader of the log (the API, verification, exports, an
 *   operator's SQL) reads it unchanged. Writes go to the two tables.
 *
 * An audited page of 50 subscribers wrote its shared values 50 times, and MariaDB's part of
 * the append was mostly those bytes and the actor index they fed (docs/performance.md,
 * "Tenth round"). The chain's hashes cover the same entry as before, so existing entries
 * are copied as they are, one group each, and still verify. The copy takes time in
 * proportion to the log: stop the servers first (an old server's insert into the view is
 * refused, so none is lost, but its requests fail until it is replaced).
 */
export class NarrowAccessLog1764001700000 implements MigrationInterface {
  name = 'NarrowAccessLog1764001700000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE access_log_groups (
        id BIGINT UNSIGNED NOT NULL,
        at DATETIME(3) NOT NULL,
        request_id VARCHAR(64) NOT NULL,
        actor_id VARCHAR(64) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL,
        actor_role ENUM('ADMIN','SUPPORT','BILLING','COMPLIANCE','REPORTING','CUSTOMER') NOT NULL,
        category ENUM('IDENTIFIER','CONTACT','BILLING','USAGE','SUPPORT','MARKETING','COMPLIANCE') NOT NULL,
        fields TEXT NOT NULL,
        operation VARCHAR(100) NULL,
        key_id VARCHAR(32) NULL,
        PRIMARY KEY (id),
        KEY idx_access_log_groups_actor (actor_id, id)
      ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`);
    await q.query(`
      CREATE TABLE access_log_entries (
        id BIGINT UNSIGNED NOT NULL,
        group_id BIGINT UNSIGNED NOT NULL,
        subscriber_id BIGINT UNSIGNED NULL,
        basis ENUM('ROLE','ID_VERIFICATION','LEGAL_PROCESS','PROTECT_RIGHTS','EMERGENCY') NOT NULL,
        disclosure_exception_id BIGINT UNSIGNED NULL,
        prev_hash CHAR(64) NOT NULL,
        hash CHAR(64) NOT NULL,
        PRIMARY KEY (id),
        KEY idx_access_log_subscriber (subscriber_id, id),
        KEY idx_access_log_entries_group (group_id)
      ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`);
    await q.query(
      `INSERT INTO access_log_groups (id, at, request_id, actor_id, actor_role, category, fields, operation, key_id)
       SELECT id, at, request_id, actor_id, actor_role, category, fields, operation, key_id FROM access_log ORDER BY id`,
    );
    await q.query(
      `INSERT INTO access_log_entries (id, group_id, subscriber_id, basis, disclosure_exception_id, prev_hash, hash)
       SELECT id, id, subscriber_id, basis, disclosure_exception_id, prev_hash, hash FROM access_log ORDER BY id`,
    );
    // Its append-only triggers go with it.
    await q.query('DROP TABLE access_log');
    await q.query(`CREATE SQL SECURITY INVOKER VIEW access_log AS ${ACCESS_LOG_VIEW}`);
    for (const sql of APPEND_ONLY_TRIGGERS) await q.query(sql);
    // TypeORM compares a view with its entity through this row (migrations/…-SchemaMetadata).
    await q.query(
      `INSERT INTO typeorm_metadata (\`type\`, \`database\`, \`schema\`, \`table\`, \`name\`, \`value\`)
       VALUES ('VIEW', NULL, DATABASE(), NULL, 'access_log', ?)`,
      [ACCESS_LOG_VIEW],
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DELETE FROM typeorm_metadata WHERE \`type\` = 'VIEW' AND \`name\` = 'access_log'`);
    await q.query(`
      CREATE TABLE access_log_wide (
        id BIGINT UNSIGNED NOT NULL,
        at DATETIME(3) NOT NULL,
        request_id VARCHAR(64) NOT NULL,
        actor_id VARCHAR(64) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL,
        actor_role ENUM('ADMIN','SUPPORT','BILLING','COMPLIANCE','REPORTING','CUSTOMER') NOT NULL,
        subscriber_id BIGINT UNSIGNED NULL,
        category ENUM('IDENTIFIER','CONTACT','BILLING','USAGE','SUPPORT','MARKETING','COMPLIANCE') NOT NULL,
        fields TEXT NOT NULL,
        basis ENUM('ROLE','ID_VERIFICATION','LEGAL_PROCESS','PROTECT_RIGHTS','EMERGENCY') NOT NULL,
        disclosure_exception_id BIGINT UNSIGNED NULL,
        operation VARCHAR(100) NULL,
        key_id VARCHAR(32) NULL,
        prev_hash CHAR(64) NOT NULL,
        hash CHAR(64) NOT NULL,
        PRIMARY KEY (id),
        KEY idx_access_log_subscriber (subscriber_id, id),
        KEY idx_access_log_actor (actor_id, id)
      ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`);
    await q.query(
      `INSERT INTO access_log_wide SELECT id, at, request_id, actor_id, actor_role, subscriber_id, category,
         fields, basis, disclosure_exception_id, operation, key_id, prev_hash, hash FROM access_log ORDER BY id`,
    );
    await q.query('DROP VIEW access_log');
    await q.query('DROP TABLE access_log_entries, access_log_groups');
    await q.query('RENAME TABLE access_log_wide TO access_log');
    for (const sql of appendOnlyTriggers('access_log')) await q.query(sql);
  }
}

/**
 * The log as one table of entries, with the old table's columns and each entry's group;
 * spelt as in AccessLogEntity, which TypeORM compares it with. The entries are read first,
 * always: left to itself, MariaDB read all groups first for the newest page of the log and
 * sorted the whole join (an actor's entries are read through the groups' actor index by
 * the server instead: src/modules/access-log/access-log-read.service.ts).
 */
const ACCESS_LOG_VIEW =
  'SELECT e.id AS id, g.at AS at, g.request_id AS request_id, g.actor_id AS actor_id, ' +
  'g.actor_role AS actor_role, e.subscriber_id AS subscriber_id, g.category AS category, ' +
  'g.fields AS fields, e.basis AS basis, e.disclosure_exception_id AS disclosure_exception_id, ' +
  'g.operation AS operation, g.key_id AS key_id, e.prev_hash AS prev_hash, e.hash AS hash, ' +
  'e.group_id AS group_id FROM access_log_entries e STRAIGHT_JOIN access_log_groups g ON g.id = e.group_id';

/** The triggers that keep both tables append-only, and their removal (test/helpers/tamper.ts). */
export const APPEND_ONLY_TRIGGERS = [
  ...appendOnlyTriggers('access_log_entries'),
  ...appendOnlyTriggers('access_log_groups'),
];
export const DROP_APPEND_ONLY_TRIGGERS = [
  'access_log_refuse_update',
  'access_log_refuse_delete',
  'access_log_groups_refuse_update',
  'access_log_groups_refuse_delete',
].map((name) => `DROP TRIGGER IF EXISTS ${name}`);

/**
 * UPDATE and DELETE refused on a table of the log, whoever asks (as migrations/…-KeyedAccessLog
 * made them for the one table; the entries' table keeps those triggers' names).
 */
function appendOnlyTriggers(table: string): string[] {
  const prefix = table === 'access_log_groups' ? 'access_log_groups' : 'access_log';
  return ['UPDATE', 'DELETE'].map(
    (event) =>
      `CREATE TRIGGER ${prefix}_refuse_${event.toLowerCase()} BEFORE ${event} ON ${table} FOR EACH ROW
   SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'access_log is append-only: ${event} refused'`,
  );
}
