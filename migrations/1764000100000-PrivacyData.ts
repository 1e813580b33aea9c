import { MigrationInterface, QueryRunner } from 'typeorm';

const TABLE = 'ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci';
const CATEGORIES = `'IDENTIFIER','CONTACT','BILLING','USAGE','SUPPORT','MARKETING','COMPLIANCE'`;

/**
 * The rest of what the policy names: billing profiles (card data encrypted), identity
 * verifications, disclosure exceptions, retention holds, product inquiries, survey
 * responses, communication preferences and domain registrations.
 */
export class PrivacyData1764000100000 implements MigrationInterface {
  name = 'PrivacyData1764000100000';

  async up(q: QueryRunner): Promise<void> {
    // One billing profile per subscriber. The card number exists only as AES-256-GCM
    // ciphertext under a key id (so keys can rotate); brand, last 4 and expiry in clear.
    await q.query(`
      CREATE TABLE billing_profiles (
        subscriber_id BIGINT UNSIGNED NOT NULL,
        card_brand VARCHAR(20) NULL,
        card_last4 CHAR(4) NULL,
        card_expiry CHAR(5) NULL,
        card_ciphertext VARCHAR(512) NULL,
        card_key_id VARCHAR(32) NULL,
        address_line1 VARCHAR(200) NULL,
        address_line2 VARCHAR(200) NULL,
        address_city VARCHAR(100) NULL,
        address_region VARCHAR(100) NULL,
        address_postal_code VARCHAR(20) NULL,
        address_country CHAR(2) NULL,
        updated_at DATETIME(3) NOT NULL,
        PRIMARY KEY (subscriber_id),
        CONSTRAINT fk_billing_profiles_subscriber FOREIGN KEY (subscriber_id) REFERENCES subscribers (id)
      ) ${TABLE}`);
    // No document image or number: at most a salted hash of the number, to detect reuse.
    await q.query(`
      CREATE TABLE identity_verifications (
        id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
        subscriber_id BIGINT UNSIGNED NOT NULL,
        document_type ENUM('PASSPORT','DRIVERS_LICENSE','NATIONAL_ID','OTHER_GOVERNMENT_ID') NOT NULL,
        document_hash CHAR(64) NULL,
        verified_by VARCHAR(64) NOT NULL,
        granted_to VARCHAR(64) NOT NULL,
        verified_at DATETIME(3) NOT NULL,
        valid_until DATETIME(3) NOT NULL,
        PRIMARY KEY (id),
        KEY idx_verifications_subscriber (subscriber_id, valid_until),
        KEY idx_verifications_granted (granted_to, valid_until),
        CONSTRAINT fk_verifications_subscriber FOREIGN KEY (subscriber_id) REFERENCES subscribers (id)
      ) ${TABLE}`);
    // EXPIRED is not stored: it is computed from valid_until at read time.
    await q.query(`
      CREATE TABLE disclosure_exceptions (
        id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
        subscriber_id BIGINT UNSIGNED NOT NULL,
        basis ENUM('LEGAL_PROCESS','PROTECT_RIGHTS','EMERGENCY') NOT NULL,
        reference VARCHAR(200) NOT NULL,
        justification TEXT NOT NULL,
        categories SET(${CATEGORIES}) NOT NULL,
        status ENUM('PENDING','ACTIVE','REVOKED','REJECTED') NOT NULL,
        requested_by VARCHAR(64) NOT NULL,
        approved_by VARCHAR(64) NULL,
        reviewed_by VARCHAR(64) NULL,
        reviewed_at DATETIME(3) NULL,
        decision_note TEXT NULL,
        ended_by VARCHAR(64) NULL,
        ended_at DATETIME(3) NULL,
        valid_from DATETIME(3) NULL,
        valid_until DATETIME(3) NOT NULL,
        created_at DATETIME(3) NOT NULL,
        PRIMARY KEY (id),
        KEY idx_exceptions_subscriber (subscriber_id, status, valid_until),
        KEY idx_exceptions_status (status, id),
        CONSTRAINT fk_exceptions_subscriber FOREIGN KEY (subscriber_id) REFERENCES subscribers (id)
      ) ${TABLE}`);
    await q.query(`
      CREATE TABLE retention_holds (
        id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
        subscriber_id BIGINT UNSIGNED NOT NULL,
        reason ENUM('LEGAL_OBLIGATION','ACCOUNTING_IRREGULARITY') NOT NULL,
        note TEXT NOT NULL,
        placed_by VARCHAR(64) NOT NULL,
        placed_at DATETIME(3) NOT NULL,
        released_by VARCHAR(64) NULL,
        released_at DATETIME(3) NULL,
        PRIMARY KEY (id),
        KEY idx_holds_subscriber (subscriber_id, released_at),
        CONSTRAINT fk_holds_subscriber FOREIGN KEY (subscriber_id) REFERENCES subscribers (id)
      ) ${TABLE}`);
    await q.query(`
      CREATE TABLE product_inquiries (
        id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
        subscriber_id BIGINT UNSIGNED NOT NULL,
        product VARCHAR(100) NOT NULL,
        message TEXT NULL,
        created_at DATETIME(3) NOT NULL,
        PRIMARY KEY (id),
        KEY idx_inquiries_subscriber (subscriber_id, id),
        KEY idx_inquiries_product (product, subscriber_id),
        CONSTRAINT fk_inquiries_subscriber FOREIGN KEY (subscriber_id) REFERENCES subscribers (id)
      ) ${TABLE}`);
    await q.query(`
      CREATE TABLE survey_responses (
        id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
        subscriber_id BIGINT UNSIGNED NOT NULL,
        survey VARCHAR(100) NOT NULL,
        score TINYINT UNSIGNED NULL,
        answers TEXT NULL,
        created_at DATETIME(3) NOT NULL,
        PRIMARY KEY (id),
        KEY idx_surveys_subscriber (subscriber_id, id),
        CONSTRAINT fk_surveys_subscriber FOREIGN KEY (subscriber_id) REFERENCES subscribers (id)
      ) ${TABLE}`);
    await q.query(`
      CREATE TABLE communication_preferences (
        subscriber_id BIGINT UNSIGNED NOT NULL,
        marketing_mailings TINYINT(1) NOT NULL,
        updated_at DATETIME(3) NOT NULL,
        PRIMARY KEY (subscriber_id),
        CONSTRAINT fk_preferences_subscriber FOREIGN KEY (subscriber_id) REFERENCES subscribers (id)
      ) ${TABLE}`);
    await q.query(`
      CREATE TABLE domain_registrations (
        id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
        subscriber_id BIGINT UNSIGNED NOT NULL,
        domain VARCHAR(253) NOT NULL,
        registrant_name VARCHAR(200) NULL,
        registrant_organization VARCHAR(200) NULL,
        registrant_email VARCHAR(254) NULL,
        registered_at DATETIME(3) NOT NULL,
        expires_at DATETIME(3) NOT NULL,
        PRIMARY KEY (id),
        UNIQUE KEY uq_domains_domain (domain),
        KEY idx_domains_subscriber (subscriber_id, id),
        CONSTRAINT fk_domains_subscriber FOREIGN KEY (subscriber_id) REFERENCES subscribers (id)
      ) ${TABLE}`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of [
      'domain_registrations',
      'communication_preferences',
      'survey_responses',
      'product_inquiries',
      'retention_holds',
      'disclosure_exceptions',
      'identity_verifications',
      'billing_profiles',
    ]) {
      await q.query(`DROP TABLE ${table}`);
    }
  }
}
