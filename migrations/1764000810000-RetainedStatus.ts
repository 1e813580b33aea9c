import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Account status RETAINED (docs/design.md section 4): a purge under an ACCOUNTING_IRREGULARITY
 * hold erases everything but contact and billing data and says so in the status, instead
 * of a PURGED status with a flag beside it. Accounts purged that way so far become
 * RETAINED; the flag goes (idx_subscribers_status_id serves the purge's scan of them).
 */
export class RetainedStatus1764000810000 implements MigrationInterface {
  name = 'RetainedStatus1764000810000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `ALTER TABLE subscribers
         MODIFY status ENUM('ACTIVE','CANCELLED','RETAINED','PURGED') NOT NULL DEFAULT 'ACTIVE'`,
    );
    await q.query(
      `UPDATE subscribers SET status = 'RETAINED' WHERE status = 'PURGED' AND contact_billing_retained = 1`,
    );
    await q.query(
      'ALTER TABLE subscribers DROP KEY idx_subscribers_retained, DROP COLUMN contact_billing_retained',
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(
      `ALTER TABLE subscribers
         ADD COLUMN contact_billing_retained TINYINT(1) NOT NULL DEFAULT 0,
         ADD KEY idx_subscribers_retained (contact_billing_retained, id)`,
    );
    await q.query(
      `UPDATE subscribers SET status = 'PURGED', contact_billing_retained = 1 WHERE status = 'RETAINED'`,
    );
    await q.query(
      `ALTER TABLE subscribers
         MODIFY status ENUM('ACTIVE','CANCELLED','PURGED') NOT NULL DEFAULT 'ACTIVE'`,
    );
  }
}
