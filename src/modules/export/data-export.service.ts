import type { AppContext } from '../../context';
import { clock } from '../../common/clock';
import { NotFoundError } from '../../common/errors';
import { DataCategory } from '../../access/categories';
import { AccessBasis } from '../../access/basis';
import { decideCategory } from '../../access/decisions';
import { subscriberFacts } from '../../access/facts';
import { actorOf, AccessRecord, appendAccessLogNow } from '../../audit/access-log.service';
import { SubscriberEntity } from '../subscriber/subscriber.entity';
import { subscriberDto } from '../subscriber/subscriber.service';
import { policyInEffect } from '../policy/policy.service';
import { DataExport } from './data-export.type';
import { JsonDocumentWriter } from './json-writer';

/** Rows per statement while exporting; tests lower it to see the batching work. */
export const exportSettings = { batchSize: 1000 };

export const BILLING_LOCKED_NOTE =
  'Billing information is not included: it is shown only after an identity verification. ' +
  'Ask KacMac support to check a government-issued ID and grant the verification to your account, ' +
  'then request the export again within its validity.';

type Row = Record<string, unknown>;

/**
 * `myDataExport`: the calling customer's data as one JSON document. Long histories are
 * read in keyset batches along their indexes and written out batch by batch, so a
 * subscriber with 100 000 sessions never has them all loaded as rows at once. Billing
 * passes the billing gate; what was read is logged before the document is returned.
 */
export class DataExportService {
  private readonly out = new JsonDocumentWriter();

  constructor(private readonly ctx: AppContext) {}

  async export(): Promise<DataExport> {
    const identity = this.ctx.identity!;
    const id = identity.actorId;
    const account = await this.ctx.db.getRepository(SubscriberEntity).findOneBy({ id });
    if (!account) throw new NotFoundError('Subscriber');
    const now = clock.now();
    const billing = decideCategory(
      identity,
      DataCategory.BILLING,
      id,
      await subscriberFacts(this.ctx, id),
      now,
    );
    const out = this.out.openObject();
    out.value(now.toISOString(), 'generatedAt');
    const policy = await policyInEffect(this.ctx.db, now);
    out.value(policy ? { version: policy.version, effectiveAt: policy.effectiveAt } : null, 'policyVersion');
    out.value(contactOf(account), 'account');
    await this.batches(
      'sessions',
      'SELECT id, started_at, ended_at, ip_address FROM sessions',
      id,
      'started_at',
    );
    if (billing.allowed) {
      const [profile] = await this.ctx.db.query(
        `SELECT card_brand, card_last4, card_expiry, address_line1, address_line2, address_city,
           address_region, address_postal_code, address_country, updated_at
         FROM billing_profiles WHERE subscriber_id = ?`,
        [id],
      );
      out.value(profile ?? null, 'billing');
      await this.batches(
        'payments',
        'SELECT id, amount_cents, currency, status, paid_at, card_last4, invoice_number FROM payments',
        id,
        'paid_at',
      );
    } else {
      out.value({ included: false, note: BILLING_LOCKED_NOTE }, 'billing');
    }
    await this.tickets(id);
    await this.list('productInquiries', 'SELECT id, product, message, created_at FROM product_inquiries', id);
    await this.list(
      'surveyResponses',
      'SELECT id, survey, score, answers, created_at FROM survey_responses',
      id,
    );
    const [prefs] = await this.ctx.db.query(
      'SELECT marketing_mailings FROM communication_preferences WHERE subscriber_id = ?',
      [id],
    );
    out.value(
      { marketingMailings: prefs ? Boolean(Number(prefs.marketing_mailings)) : true, serviceBulletins: true },
      'communicationPreferences',
    );
    await this.list(
      'domains',
      `SELECT domain, registrant_name, registrant_organization, registrant_email, registered_at, expires_at
       FROM domain_registrations`,
      id,
    );
    await this.list(
      'identityVerifications',
      'SELECT id, document_type, verified_by, granted_to, verified_at, valid_until FROM identity_verifications',
      id,
    );
    out.closeObject();
    await appendAccessLogNow(
      this.ctx.db,
      actorOf(identity),
      this.ctx.requestId,
      this.logRecords(id, billing),
    );
    return Object.assign(new DataExport(), {
      subscriberId: id,
      generatedAt: now,
      subscriber: subscriberDto(account),
      json: out.toString(),
    });
  }

  private logRecords(id: string, billing: { allowed: boolean; basis?: AccessBasis }): AccessRecord[] {
    const record = (category: DataCategory, fields: string[], basis = AccessBasis.ROLE): AccessRecord => ({
      subscriberId: id,
      category,
      fields: fields.map((f) => `myDataExport.${f}`),
      basis,
      operation: 'myDataExport',
    });
    const records = [
      record(DataCategory.CONTACT, ['account']),
      record(DataCategory.USAGE, ['sessions']),
      record(DataCategory.SUPPORT, ['supportTickets']),
      record(DataCategory.MARKETING, [
        'productInquiries',
        'surveyResponses',
        'communicationPreferences',
        'domains',
      ]),
      record(DataCategory.COMPLIANCE, ['identityVerifications']),
    ];
    if (billing.allowed) records.push(record(DataCategory.BILLING, ['billing', 'payments'], billing.basis));
    return records;
  }

  /** A short list, read at once (a subscriber has few of these). */
  private async list(key: string, select: string, id: string): Promise<void> {
    const rows: Row[] = await this.ctx.db.query(`${select} WHERE subscriber_id = ? ORDER BY 1`, [id]);
    this.out.value(rows, key);
  }

  /** A long history in keyset batches along its (subscriber_id, time, id) index, oldest first. */
  private async batches(key: string, select: string, id: string, timeColumn: string): Promise<void> {
    const size = exportSettings.batchSize;
    this.out.openArray(key);
    let after: [Date, string] | null = null;
    for (;;) {
      const keyset = after ? `AND (${timeColumn} > ? OR (${timeColumn} = ? AND id > ?))` : '';
      const rows: Row[] = await this.ctx.db.query(
        `${select} WHERE subscriber_id = ? ${keyset} ORDER BY ${timeColumn}, id LIMIT ${size}`,
        after ? [id, after[0], after[0], after[1]] : [id],
      );
      for (const row of rows) this.out.value(row);
      if (rows.length < size) break;
      const last = rows[rows.length - 1];
      after = [last[timeColumn] as Date, String(last.id)];
    }
    this.out.closeArray();
  }

  /** Tickets in id batches, each batch with its messages in one more statement. */
  private async tickets(id: string): Promise<void> {
    const size = exportSettings.batchSize;
    this.out.openArray('supportTickets');
    let afterId = '0';
    for (;;) {
      const tickets: Row[] = await this.ctx.db.query(
        `SELECT id, subject, status, created_at, updated_at FROM support_tickets
         WHERE subscriber_id = ? AND id > ? ORDER BY id LIMIT ${size}`,
        [id, afterId],
      );
      if (tickets.length === 0) break;
      const messages: Row[] = await this.ctx.db.query(
        `SELECT ticket_id, id, author_role, body, channel, created_at FROM ticket_messages
         WHERE ticket_id IN (${tickets.map(() => '?').join(', ')}) ORDER BY ticket_id, id`,
        tickets.map((t) => t.id),
      );
      for (const ticket of tickets) {
        const own = messages.filter((m) => String(m.ticket_id) === String(ticket.id));
        this.out.value({ ...ticket, messages: own.map(({ ticket_id: _t, ...rest }) => rest) });
      }
      if (tickets.length < size) break;
      afterId = String(tickets[tickets.length - 1].id);
    }
    this.out.closeArray();
  }
}

function contactOf(account: SubscriberEntity) {
  return {
    id: account.id,
    accountNumber: account.accountNumber,
    status: account.status,
    createdAt: account.createdAt,
    cancelledAt: account.cancelledAt,
    name: account.name,
    email: account.email,
    phone: account.phone,
    address: account.addressLine1
      ? {
          line1: account.addressLine1,
          line2: account.addressLine2,
          city: account.addressCity,
          region: account.addressRegion,
          postalCode: account.addressPostalCode,
          country: account.addressCountry,
        }
      : null,
  };
}
