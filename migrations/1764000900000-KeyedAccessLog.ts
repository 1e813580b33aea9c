import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The keyed, append-only access log (docs/design.md section 3, docs/access-log.md).
 *
 * - `key_id` names the ACCESS_LOG_KEY an entry's HMAC-SHA256 was computed with, so keys
 *   can rotate. Entries written before this migration keep NULL: they were chained with
 *   plain sha-256, and are accepted only up to ACCESS_LOG_LEGACY_UNTIL, a number the
 *   operator keeps outside the database (the migration notes it in `legacy_until`).
 * - Triggers refuse UPDATE and DELETE on the log, whoever asks; nothing in the server
 *   (the retention purge included) ever changes or removes an entry.
 */
export const APPEND_ONLY_TRIGGERS = [
  `CREATE TRIGGER access_log_refuse_update BEFORE UPDATE ON access_log FOR EACH ROW
   SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'access_log is append-only: UPDATE refused'`,
  `CREATE TRIGGER access_log_refuse_delete BEFORE DELETE ON access_log FOR EACH ROW
   SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'access_log is append-only: DELETE refused'`,
];
export const DROP_APPEND_ONLY_TRIGGERS = [
  'DROP TRIGGER IF EXISTS access_log_refuse_update',
  'DROP TRIGGER IF EXISTS access_log_refuse_delete',
];

export class KeyedAccessLog1764000900000 implements MigrationInterface {
  name = 'KeyedAccessLog1764000900000';

  async up(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE access_log ADD COLUMN key_id VARCHAR(32) NULL AFTER operation');
    await q.query(
      'ALTER TABLE access_log_head ADD COLUMN legacy_until BIGINT UNSIGNED NOT NULL DEFAULT 0 AFTER last_hash',
    );
    await q.query('UPDATE access_log_head SET legacy_until = last_id WHERE id = 1');
    for (const sql of APPEND_ONLY_TRIGGERS) await q.query(sql);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const sql of DROP_APPEND_ONLY_TRIGGERS) await q.query(sql);
    await q.query('ALTER TABLE access_log_head DROP COLUMN legacy_until');
    await q.query('ALTER TABLE access_log DROP COLUMN key_id');
  }
}
