import type { EntityManager } from 'typeorm';
import { maskIpAddress } from './ip-mask';

/** The steps of erasing one account, in order; each is a few statements in the caller's transaction. */
export type ErasureStep =
  | 'contact'
  | 'billing'
  | 'sessions'
  | 'tickets'
  | 'marketing'
  | 'domains'
  | 'verifications'
  | 'status'
  | 'retainedStatus';

/** What the access-log entry of a purge names as erased, per step. */
export const ERASED_FIELDS: Record<ErasureStep, string[]> = {
  contact: ['name', 'email', 'phone', 'address'],
  billing: ['billing', 'payments.cardLast4', 'payments.invoiceNumber'],
  sessions: ['sessions.ipAddress'],
  tickets: ['supportTickets.subject', 'supportTickets.messages.body'],
  marketing: ['productInquiries', 'surveyResponses', 'communicationPreferences'],
  domains: ['domains.registrantName', 'domains.registrantOrganization', 'domains.registrantEmail'],
  verifications: ['identityVerifications.documentHash'],
  status: ['status'],
  retainedStatus: ['status'],
};

/** Called before each step; tests use it to fail half-way through an account. */
export type StepHook = (step: ErasureStep, subscriberId: string) => void | Promise<void>;

const IPV6_BATCH = 1000;

/** Masks the subscriber's session addresses: IPv4 in one statement, IPv6 in keyset batches. */
async function maskSessions(manager: EntityManager, subscriberId: string): Promise<void> {
  await manager.query(
    `UPDATE sessions SET ip_address = CONCAT(SUBSTRING_INDEX(ip_address, '.', 3), '.0/24')
     WHERE subscriber_id = ? AND ip_address NOT LIKE '%:%' AND ip_address NOT LIKE '%/%'`,
    [subscriberId],
  );
  let after: { startedAt: Date; id: string } | null = null;
  for (;;) {
    const rows: { id: string; started_at: Date; ip_address: string }[] = await manager.query(
      `SELECT id, started_at, ip_address FROM sessions
       WHERE subscriber_id = ? AND ip_address LIKE '%:%' AND ip_address NOT LIKE '%/%'
       ${after ? 'AND (started_at > ? OR (started_at = ? AND id > ?))' : ''}
       ORDER BY started_at, id LIMIT ${IPV6_BATCH}`,
      after ? [subscriberId, after.startedAt, after.startedAt, after.id] : [subscriberId],
    );
    if (rows.length === 0) return;
    // One statement per batch, each row to its own network.
    const cases = rows.map(() => 'WHEN ? THEN ?').join(' ');
    await manager.query(
      `UPDATE sessions SET ip_address = CASE id ${cases} END WHERE id IN (${rows.map(() => '?').join(', ')})`,
      [...rows.flatMap((row) => [row.id, maskIpAddress(row.ip_address)]), ...rows.map((row) => row.id)],
    );
    const last = rows[rows.length - 1];
    after = { startedAt: last.started_at, id: String(last.id) };
  }
}

const STEPS: Record<ErasureStep, (manager: EntityManager, id: string, now: Date) => Promise<unknown>> = {
  contact: (m, id) =>
    m.query(
      `UPDATE subscribers SET name = NULL, email = NULL, phone = NULL, address_line1 = NULL,
         address_line2 = NULL, address_city = NULL, address_region = NULL,
         address_postal_code = NULL, address_country = NULL
       WHERE id = ?`,
      [id],
    ),
  // The card ciphertext goes with the profile; payments keep amount, currency, status and date.
  billing: async (m, id) => {
    await m.query('DELETE FROM billing_profiles WHERE subscriber_id = ?', [id]);
    await m.query('UPDATE payments SET card_last4 = NULL, invoice_number = NULL WHERE subscriber_id = ?', [
      id,
    ]);
  },
  sessions: (m, id) => maskSessions(m, id),
  tickets: async (m, id) => {
    await m.query('UPDATE support_tickets SET subject = NULL WHERE subscriber_id = ?', [id]);
    await m.query(
      `UPDATE ticket_messages m JOIN support_tickets t ON t.id = m.ticket_id
       SET m.body = NULL WHERE t.subscriber_id = ?`,
      [id],
    );
  },
  marketing: async (m, id) => {
    await m.query('DELETE FROM product_inquiries WHERE subscriber_id = ?', [id]);
    await m.query('DELETE FROM survey_responses WHERE subscriber_id = ?', [id]);
    await m.query('DELETE FROM communication_preferences WHERE subscriber_id = ?', [id]);
  },
  domains: (m, id) =>
    m.query(
      `UPDATE domain_registrations
       SET registrant_name = NULL, registrant_organization = NULL, registrant_email = NULL
       WHERE subscriber_id = ?`,
      [id],
    ),
  verifications: (m, id) =>
    m.query('UPDATE identity_verifications SET document_hash = NULL WHERE subscriber_id = ?', [id]),
  status: (m, id, now) =>
    m.query(`UPDATE subscribers SET status = 'PURGED', purged_at = COALESCE(purged_at, ?) WHERE id = ?`, [
      now,
      id,
    ]),
  // purged_at says when the erasure began; the final erasure keeps it.
  retainedStatus: (m, id, now) =>
    m.query(`UPDATE subscribers SET status = 'RETAINED', purged_at = COALESCE(purged_at, ?) WHERE id = ?`, [
      now,
      id,
    ]),
};

/**
 * Runs `steps` for one account inside the caller's transaction, so a failure in any of
 * them leaves the account exactly as it was. Returns the erased field names for the log.
 */
export async function eraseAccount(
  manager: EntityManager,
  subscriberId: string,
  steps: ErasureStep[],
  now: Date,
  beforeStep?: StepHook,
): Promise<string[]> {
  const erased: string[] = [];
  for (const step of steps) {
    await beforeStep?.(step, subscriberId);
    await STEPS[step](manager, subscriberId, now);
    erased.push(...ERASED_FIELDS[step]);
  }
  return erased;
}

/** Everything; LEGAL_OBLIGATION holds never reach here. */
export const FULL_ERASURE: ErasureStep[] = [
  'contact',
  'billing',
  'sessions',
  'tickets',
  'marketing',
  'domains',
  'verifications',
  'status',
];

/**
 * Under an ACCOUNTING_IRREGULARITY hold: "may retain your contact and billing information
 * as necessary to resolve the matter". Everything else goes; the account becomes RETAINED.
 */
export const ERASURE_KEEPING_CONTACT_AND_BILLING: ErasureStep[] = [
  ...FULL_ERASURE.filter((step) => step !== 'contact' && step !== 'billing' && step !== 'status'),
  'retainedStatus',
];

/**
 * Once the last hold on a RETAINED account is released: what was kept, and the documents
 * of identity verifications recorded while it was kept (payments recorded meanwhile lose
 * their card digits and invoice number with the billing step). The account becomes PURGED.
 */
export const RETAINED_ERASURE: ErasureStep[] = ['contact', 'billing', 'verifications', 'status'];
