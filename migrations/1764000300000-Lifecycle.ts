import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { MigrationInterface, QueryRunner } from 'typeorm';

const TABLE = 'ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci';
const POLICY_FILE = join('src', 'modules', 'policy', 'privacy-policy.v1.txt');

/** The policy text as published; found from the sources whether run by ts-node or from dist/. */
function policyV1(): string {
  const candidates = [join(__dirname, '..', POLICY_FILE), join(__dirname, '..', '..', POLICY_FILE)];
  const found = candidates.find((path) => existsSync(path));
  if (!found) throw new Error(`${POLICY_FILE} not found`);
  return readFileSync(found, 'utf8').trim();
}

/**
 * Account lifecycle and policy versions (docs/design.md sections 1 and 4):
 * - policy_versions, with the current policy as version 1, effective at once;
 * - subscribers.contact_billing_retained: a purge under an ACCOUNTING_IRREGULARITY hold
 *   kept contact and billing data, to be erased once the last hold is released.
 */
export class Lifecycle1764000300000 implements MigrationInterface {
  name = 'Lifecycle1764000300000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE policy_versions (
        version INT UNSIGNED NOT NULL,
        body MEDIUMTEXT NOT NULL,
        summary VARCHAR(500) NULL,
        posted_by VARCHAR(64) NULL,
        posted_at DATETIME(3) NOT NULL,
        effective_at DATETIME(3) NOT NULL,
        PRIMARY KEY (version),
        KEY idx_policy_versions_effective (effective_at, version)
      ) ${TABLE}`);
    await q.query(
      `INSERT INTO policy_versions (version, body, summary, posted_by, posted_at, effective_at)
       VALUES (1, ?, 'The privacy policy as first published', NULL, UTC_TIMESTAMP(3), UTC_TIMESTAMP(3))`,
      [policyV1()],
    );
    await q.query(`
      ALTER TABLE subscribers
        ADD COLUMN contact_billing_retained TINYINT(1) NOT NULL DEFAULT 0,
        ADD KEY idx_subscribers_retained (contact_billing_retained, id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(
      'ALTER TABLE subscribers DROP KEY idx_subscribers_retained, DROP COLUMN contact_billing_retained',
    );
    await q.query('DROP TABLE policy_versions');
  }
}
