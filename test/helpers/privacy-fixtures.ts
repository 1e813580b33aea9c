import type { DataSource } from 'typeorm';
import { MINUTE_MS } from '../../src/common/clock';
import type { SubscriberEntity } from '../../src/modules/subscriber/subscriber.entity';
import { insertHistory, insertSubscriber } from './fixtures';

/** Gate facts and billing rows inserted directly, to set up a condition quickly. */
export async function insertVerification(
  db: DataSource,
  values: {
    subscriberId: string;
    grantedTo: string;
    verifiedBy?: string;
    validUntil?: Date;
    verifiedAt?: Date;
  },
): Promise<string> {
  const verifiedAt = values.verifiedAt ?? new Date(Date.now() - MINUTE_MS);
  const validUntil = values.validUntil ?? new Date(Date.now() + 30 * MINUTE_MS);
  const result = await db.query(
    `INSERT INTO identity_verifications (subscriber_id, document_type, verified_by, granted_to, verified_at, valid_until)
     VALUES (?, 'PASSPORT', ?, ?, ?, ?)`,
    [values.subscriberId, values.verifiedBy ?? values.grantedTo, values.grantedTo, verifiedAt, validUntil],
  );
  return String(result.insertId);
}

export async function insertException(
  db: DataSource,
  values: {
    subscriberId: string;
    status: 'PENDING' | 'ACTIVE' | 'REVOKED' | 'REJECTED';
    categories: string[];
    requestedBy: string;
    approvedBy?: string | null;
    basis?: 'LEGAL_PROCESS' | 'PROTECT_RIGHTS' | 'EMERGENCY';
    validUntil?: Date;
  },
): Promise<string> {
  const result = await db.query(
    `INSERT INTO disclosure_exceptions (subscriber_id, basis, reference, justification, categories, status,
       requested_by, approved_by, valid_from, valid_until, created_at)
     VALUES (?, ?, 'CASE-1', 'A test case', ?, ?, ?, ?, ?, ?, ?)`,
    [
      values.subscriberId,
      values.basis ?? 'LEGAL_PROCESS',
      values.categories.join(','),
      values.status,
      values.requestedBy,
      values.approvedBy ?? null,
      new Date(Date.now() - 60 * MINUTE_MS),
      values.validUntil ?? new Date(Date.now() + 24 * 60 * MINUTE_MS),
      new Date(Date.now() - 60 * MINUTE_MS),
    ],
  );
  return String(result.insertId);
}

export async function insertBillingProfile(
  db: DataSource,
  subscriberId: string,
  last4 = '4242',
): Promise<void> {
  await db.query(
    `INSERT INTO billing_profiles (subscriber_id, card_brand, card_last4, card_expiry, updated_at)
     VALUES (?, 'VISA', ?, '12/39', ?)`,
    [subscriberId, last4, new Date()],
  );
}

/**
 * A subscriber with a card on file and a history (one payment unless told otherwise); with
 * `verifiedFor`, a current identity verification opens its billing information to that actor.
 */
export async function insertBillingSubscriber(
  db: DataSource,
  options: { history?: Parameters<typeof insertHistory>[2]; cardLast4?: string; verifiedFor?: string } = {},
): Promise<SubscriberEntity> {
  const subscriber = await insertSubscriber(db);
  await insertBillingProfile(db, subscriber.id, options.cardLast4);
  await insertHistory(db, subscriber.id, options.history ?? { payments: 1 });
  if (options.verifiedFor) {
    await insertVerification(db, { subscriberId: subscriber.id, grantedTo: options.verifiedFor });
  }
  return subscriber;
}

/** The id of the newest access-log entry: entries gained later have larger ids. */
export async function logMark(db: DataSource): Promise<number> {
  const [row] = await db.query('SELECT last_id FROM access_log_head WHERE id = 1');
  return Number(row.last_id);
}

export interface LoggedEntry {
  actorId: string;
  actorRole: string;
  subscriberId: string | null;
  category: string;
  fields: string[];
  basis: string;
  disclosureExceptionId: string | null;
  operation: string | null;
}

export async function entriesSince(db: DataSource, mark: number): Promise<LoggedEntry[]> {
  const rows: Record<string, unknown>[] = await db.query(
    `SELECT actor_id, actor_role, subscriber_id, category, fields, basis, disclosure_exception_id, operation
     FROM access_log WHERE id > ? ORDER BY id`,
    [mark],
  );
  return rows.map((row) => ({
    actorId: String(row.actor_id),
    actorRole: String(row.actor_role),
    subscriberId: row.subscriber_id === null ? null : String(row.subscriber_id),
    category: String(row.category),
    fields: JSON.parse(String(row.fields)) as string[],
    basis: String(row.basis),
    disclosureExceptionId: row.disclosure_exception_id === null ? null : String(row.disclosure_exception_id),
    operation: row.operation === null ? null : String(row.operation),
  }));
}

/**
 * A subscriber id for access-log entries written straight to the log: far past any id the
 * tests' inserts reach, so those entries never count towards a real subscriber's log
 * whichever test file runs first.
 */
export const loggedOnlySubscriberId = (i: number) => String(9_000_000 + i);
