import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Subscribers and what hangs off them: sessions, payments, support tickets and their
 * messages. InnoDB, utf8mb4; money as integer cents; an index behind every loader key
 * and every page order (docs/design.md section 7).
 */
export class Foundation1764000000000 implements MigrationInterface {
  name = 'Foundation1764000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE subscribers (
        id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
        account_number VARCHAR(16) NOT NULL,
        status ENUM('ACTIVE','CANCELLED','PURGED') NOT NULL DEFAULT 'ACTIVE',
        name VARCHAR(200) NULL,
        email VARCHAR(254) NULL,
        phone VARCHAR(20) NULL,
        address_line1 VARCHAR(200) NULL,
        address_line2 VARCHAR(200) NULL,
        address_city VARCHAR(100) NULL,
        address_region VARCHAR(100) NULL,
        address_postal_code VARCHAR(20) NULL,
        address_country CHAR(2) NULL,
        created_at DATETIME(3) NOT NULL,
        cancelled_at DATETIME(3) NULL,
        purged_at DATETIME(3) NULL,
        PRIMARY KEY (id),
        UNIQUE KEY uq_subscribers_account_number (account_number),
        UNIQUE KEY uq_subscribers_email (email),
        KEY idx_subscribers_status_id (status, id),
        KEY idx_subscribers_name (name),
        KEY idx_subscribers_created_at (created_at),
        KEY idx_subscribers_cancelled_at (status, cancelled_at)
      ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`);
    await q.query(`
      CREATE TABLE sessions (
        id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
        subscriber_id BIGINT UNSIGNED NOT NULL,
        started_at DATETIME(3) NOT NULL,
        ended_at DATETIME(3) NULL,
        ip_address VARCHAR(49) NOT NULL,
        PRIMARY KEY (id),
        KEY idx_sessions_subscriber_started (subscriber_id, started_at, id),
        KEY idx_sessions_started (started_at),
        CONSTRAINT fk_sessions_subscriber FOREIGN KEY (subscriber_id) REFERENCES subscribers (id)
      ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`);
    await q.query(`
      CREATE TABLE payments (
        id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
        subscriber_id BIGINT UNSIGNED NOT NULL,
        amount_cents INT NOT NULL,
        currency CHAR(3) NOT NULL,
        status ENUM('SUCCEEDED','FAILED','REFUNDED') NOT NULL,
        paid_at DATETIME(3) NOT NULL,
        card_last4 CHAR(4) NULL,
        invoice_number VARCHAR(64) NULL,
        created_at DATETIME(3) NOT NULL,
        PRIMARY KEY (id),
        UNIQUE KEY uq_payments_invoice_number (invoice_number),
        KEY idx_payments_subscriber_paid (subscriber_id, paid_at, id),
        KEY idx_payments_paid_at (paid_at),
        CONSTRAINT fk_payments_subscriber FOREIGN KEY (subscriber_id) REFERENCES subscribers (id)
      ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`);
    await q.query(`
      CREATE TABLE support_tickets (
        id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
        subscriber_id BIGINT UNSIGNED NOT NULL,
        subject VARCHAR(200) NULL,
        status ENUM('OPEN','PENDING','RESOLVED','CLOSED') NOT NULL DEFAULT 'OPEN',
        opened_by VARCHAR(64) NOT NULL,
        created_at DATETIME(3) NOT NULL,
        updated_at DATETIME(3) NOT NULL,
        PRIMARY KEY (id),
        KEY idx_tickets_subscriber_status (subscriber_id, status, id),
        KEY idx_tickets_status (status, id),
        CONSTRAINT fk_tickets_subscriber FOREIGN KEY (subscriber_id) REFERENCES subscribers (id)
      ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`);
    await q.query(`
      CREATE TABLE ticket_messages (
        id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
        ticket_id BIGINT UNSIGNED NOT NULL,
        author_id VARCHAR(64) NOT NULL,
        author_role ENUM('ADMIN','SUPPORT','BILLING','COMPLIANCE','REPORTING','CUSTOMER') NOT NULL,
        body TEXT NULL,
        channel ENUM('EMAIL','PHONE','CHAT','WEB') NOT NULL,
        created_at DATETIME(3) NOT NULL,
        PRIMARY KEY (id),
        KEY idx_ticket_messages_ticket (ticket_id, id),
        CONSTRAINT fk_ticket_messages_ticket FOREIGN KEY (ticket_id) REFERENCES support_tickets (id)
      ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE ticket_messages');
    await q.query('DROP TABLE support_tickets');
    await q.query('DROP TABLE payments');
    await q.query('DROP TABLE sessions');
    await q.query('DROP TABLE subscribers');
  }
}
