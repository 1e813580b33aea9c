import { randomInt } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { addMonthsUtc, clock } from '../../src/common/clock';
import { SubscriberEntity } from '../../src/modules/subscriber/subscriber.entity';
import { AccountStatus } from '../../src/access/account-status';
import { Role } from '../../src/auth/roles';
import { purgeHooks, RetentionPurge } from '../../src/modules/retention/purge.service';
import { exportSettings } from '../../src/modules/export/data-export.service';
import { insertHistory, insertSubscriber } from './fixtures';

/** Personal values unique to one account, so a search for them finds only that account's. */
export function uniquePerson() {
  const tag = randomInt(100_000, 999_999);
  return {
    name: `Quillon Marbleworth ${tag}`,
    email: `quillon.${tag}@example.test`,
    phone: `+1415555${String(tag).slice(-4)}`,
  };
}

/**
 * A subscriber with something in every table the purge touches, each personal value of
 * it repeated where people actually repeat them (ticket texts, survey answers, domains).
 */
export async function insertFullAccount(
  db: DataSource,
  overrides: Partial<SubscriberEntity> = {},
): Promise<{ account: SubscriberEntity; person: ReturnType<typeof uniquePerson> }> {
  const person = uniquePerson();
  const account = await insertSubscriber(db, { ...person, ...overrides });
  const id = account.id;
  await insertHistory(db, id, { sessions: 3, payments: 2, tickets: 0 });
  await db.query(`UPDATE payments SET invoice_number = CONCAT('INV-', id) WHERE subscriber_id = ?`, [id]);
  await db.query(
    `INSERT INTO sessions (subscriber_id, started_at, ended_at, ip_address) VALUES (?, ?, NULL, '2001:db8:abcd:12::1')`,
    [id, new Date('2026-02-01T00:00:00Z')],
  );
  const [ticket] = await db.query(
    `INSERT INTO support_tickets (subscriber_id, subject, status, opened_by, created_at, updated_at)
     VALUES (?, ?, 'OPEN', ?, NOW(3), NOW(3)) RETURNING id`,
    [id, `Router for ${person.name}`, id],
  );
  await db.query(
    `INSERT INTO ticket_messages (ticket_id, author_id, author_role, body, channel, created_at)
     VALUES (?, ?, 'CUSTOMER', ?, 'EMAIL', NOW(3))`,
    [ticket.id, id, `Call me on ${person.phone} or write to ${person.email}`],
  );
  await db.query(
    `INSERT INTO billing_profiles (subscriber_id, card_brand, card_last4, card_expiry, card_ciphertext,
       card_key_id, address_line1, address_city, address_postal_code, address_country, updated_at)
     VALUES (?, 'visa', '4242', '12/30', 'ciphertext-bytes', 'k1', '1 Main St', 'Springfield', '12345', 'US', NOW(3))`,
    [id],
  );
  await db.query(
    `INSERT INTO identity_verifications (subscriber_id, document_type, document_hash, verified_by, granted_to,
       verified_at, valid_until) VALUES (?, 'PASSPORT', REPEAT('a', 64), 'support-1', 'support-1', NOW(3), NOW(3))`,
    [id],
  );
  await db.query(
    `INSERT INTO product_inquiries (subscriber_id, product, message, created_at) VALUES (?, 'FIBER_1000', ?, NOW(3))`,
    [id, `Please call ${person.phone}`],
  );
  await db.query(
    `INSERT INTO survey_responses (subscriber_id, survey, score, answers, created_at) VALUES (?, 'nps', 9, ?, NOW(3))`,
    [id, `Signed, ${person.name}`],
  );
  await db.query(
    `INSERT INTO communication_preferences (subscriber_id, marketing_mailings, updated_at) VALUES (?, 0, NOW(3))`,
    [id],
  );
  await db.query(
    `INSERT INTO domain_registrations (subscriber_id, domain, registrant_name, registrant_organization,
       registrant_email, registered_at, expires_at) VALUES (?, ?, ?, 'Marbleworth Ltd', ?, NOW(3), '2030-01-01')`,
    [id, `marbleworth-${id}.example`, person.name, person.email],
  );
  return { account, person };
}

/** A CANCELLED account whose retention period ended `monthsAgo - RETENTION_MONTHS` months ago. */
export function cancelledMonthsAgo(months: number): Partial<SubscriberEntity> {
  return { status: AccountStatus.CANCELLED, cancelledAt: addMonthsUtc(clock.now(), -months) };
}

/** Every text column of every table of the schema that holds one of `values` (LIKE, any case). */
export async function columnsHolding(db: DataSource, values: string[]): Promise<string[]> {
  const columns: { table_name: string; column_name: string }[] = await db.query(
    `SELECT table_name AS table_name, column_name AS column_name FROM information_schema.columns
     WHERE table_schema = DATABASE()
       AND data_type IN ('char', 'varchar', 'tinytext', 'text', 'mediumtext', 'longtext', 'set', 'enum')`,
  );
  const found: string[] = [];
  for (const { table_name: table, column_name: column } of columns) {
    for (const value of values) {
      const [row] = await db.query(`SELECT COUNT(*) AS n FROM \`${table}\` WHERE \`${column}\` LIKE ?`, [
        `%${value}%`,
      ]);
      if (Number(row.n) > 0) found.push(`${table}.${column}`);
    }
  }
  return found;
}

/** The retention purge as COMPLIANCE runs it (actor compliance-1), in batches of `batchSize` accounts. */
export function runRetentionPurge(
  db: DataSource,
  {
    dryRun = false,
    batchSize,
    requestId = `test-${Date.now()}`,
  }: { dryRun?: boolean; batchSize?: number; requestId?: string } = {},
) {
  const actor = { actorId: 'compliance-1', role: Role.COMPLIANCE };
  return new RetentionPurge(db, { dryRun, actor, requestId, batchSize }).run();
}

/** For a test file that makes the purge wait at a step: each test starts without the hook. */
export function clearPurgeHooksAfterEach(): void {
  afterEach(() => {
    purgeHooks.beforeStep = undefined;
  });
}

/** For a test file that changes the data export's page size: each test starts from the default. */
export function restoreExportPageSizeAfterEach(): void {
  const pageSize = exportSettings.pageSize;
  afterEach(() => {
    exportSettings.pageSize = pageSize;
  });
}
