import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The access log (docs/design.md section 3): append-only, hash-chained. `access_log_head` is
 * the chain's single head row; appending takes its row lock, so concurrent requests
 * line up instead of forking the chain.
 */
export class AccessLog1764000050000 implements MigrationInterface {
  name = 'AccessLog1764000050000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE access_log (
        id BIGINT UNSIGNED NOT NULL,
        at DATETIME(3) NOT NULL,
        request_id VARCHAR(64) NOT NULL,
        actor_id VARCHAR(64) NOT NULL,
        actor_role ENUM('ADMIN','SUPPORT','BILLING','COMPLIANCE','REPORTING','CUSTOMER') NOT NULL,
        subscriber_id BIGINT UNSIGNED NULL,
        category ENUM('IDENTIFIER','CONTACT','BILLING','USAGE','SUPPORT','MARKETING','COMPLIANCE') NOT NULL,
        fields TEXT NOT NULL,
        basis ENUM('ROLE','ID_VERIFICATION','LEGAL_PROCESS','PROTECT_RIGHTS','EMERGENCY') NOT NULL,
        disclosure_exception_id BIGINT UNSIGNED NULL,
        operation VARCHAR(100) NULL,
        prev_hash CHAR(64) NOT NULL,
        hash CHAR(64) NOT NULL,
        PRIMARY KEY (id),
        KEY idx_access_log_subscriber (subscriber_id, id),
        KEY idx_access_log_actor (actor_id, id)
      ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`);
    await q.query(`
      CREATE TABLE access_log_head (
        id TINYINT UNSIGNED NOT NULL,
        last_id BIGINT UNSIGNED NOT NULL,
        last_hash CHAR(64) NOT NULL,
        PRIMARY KEY (id)
      ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`);
    // The chain starts from 64 zeros.
    await q.query(`INSERT INTO access_log_head (id, last_id, last_hash) VALUES (1, 0, REPEAT('0', 64))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE access_log_head');
    await q.query('DROP TABLE access_log');
  }
}
