import { Role } from '../../../src/auth/roles';
import { BILLING_LOCKED_NOTE, exportSettings } from '../../../src/modules/export/data-export.service';
import { harnessForFile, errorOf } from '../../helpers/harness';
import { insertHistory, insertSubscriber } from '../../helpers/fixtures';
import { entriesSince, insertVerification, logMark } from '../../helpers/privacy-fixtures';
import { restoreExportPageSizeAfterEach } from '../../helpers/lifecycle-fixtures';

const h = harnessForFile({ reset: 'each' });
restoreExportPageSizeAfterEach();

const EXPORT = `{ myDataExport { generatedAt subscriber { id status } json } }`;

interface ExportDocument {
  generatedAt: string;
  policyVersion: { version: number; effectiveAt: string } | null;
  subscriber: {
    id: string;
    email: string;
    sessions: { id: string; ipAddress: string }[];
    billing?: { cardLast4: string; maskedCardNumber: string } & Record<string, unknown>;
    billingAccess: { granted: boolean; basis: string | null };
    payments?: { amountCents: number }[];
    supportTickets: { subject: string; messages: { body: string }[] }[];
    productInquiries: unknown[];
    communicationPreferences: { marketingMailings: boolean };
    identityVerifications?: unknown;
  };
  notIncluded: { field: string; reason: string; note: string }[];
}

async function seed() {
  const s = await insertSubscriber(h.db);
  await insertHistory(h.db, s.id, { sessions: 3000, payments: 3, tickets: 2 });
  await h.db.query(
    `INSERT INTO billing_profiles (subscriber_id, card_brand, card_last4, card_expiry, card_ciphertext, card_key_id, updated_at)
     VALUES (?, 'visa', '4242', '12/30', 'secret-ciphertext', 'k1', NOW(3))`,
    [s.id],
  );
  await h.db.query(
    `INSERT INTO product_inquiries (subscriber_id, product, message, created_at) VALUES (?, 'TV_PACKAGE', 'hi', NOW(3))`,
    [s.id],
  );
  return s;
}

async function exportFor(subscriberId: string) {
  const result = await h.run(EXPORT, { token: await h.token(Role.CUSTOMER, subscriberId) });
  expect(result.errors).toBeUndefined();
  const data = result.data as { myDataExport: { json: string; subscriber: { id: string } } };
  return { doc: JSON.parse(data.myDataExport.json) as ExportDocument, result, data };
}

const reasonsOf = (doc: ExportDocument) =>
  Object.fromEntries(doc.notIncluded.map((entry) => [entry.field, entry.reason]));

describe('myDataExport', () => {
  test('everything the customer may read about itself, sessions in keyset pages, billing withheld with a note', async () => {
    const s = await seed();
    exportSettings.pageSize = 250;
    const mark = await logMark(h.db);
    const { doc, result, data } = await exportFor(s.id);
    expect(data.myDataExport.subscriber.id).toBe(s.id);
    expect(doc.subscriber).toMatchObject({ id: s.id, email: s.email });
    expect(doc.policyVersion?.version).toBeGreaterThanOrEqual(1);
    expect(doc.subscriber.sessions).toHaveLength(3000);
    expect(new Set(doc.subscriber.sessions.map((x) => x.id)).size).toBe(3000);
    expect(doc.subscriber.supportTickets).toHaveLength(2);
    expect(doc.subscriber.supportTickets.map((t) => t.messages[0].body).sort()).toEqual([
      'Message of ticket 0',
      'Message of ticket 1',
    ]);
    expect(doc.subscriber.productInquiries).toHaveLength(1);
    expect(doc.subscriber.communicationPreferences.marketingMailings).toBe(true);
    // Billing: refused by the gate, exactly as `me { billing payments }` would be.
    expect(doc.subscriber.billing).toBeUndefined();
    expect(doc.subscriber.payments).toBeUndefined();
    expect(doc.subscriber.billingAccess).toMatchObject({ granted: false });
    expect(reasonsOf(doc)).toMatchObject({
      billing: 'ID_VERIFICATION_REQUIRED',
      payments: 'ID_VERIFICATION_REQUIRED',
    });
    expect(doc.notIncluded.find((n) => n.field === 'billing')?.note).toBe(BILLING_LOCKED_NOTE);
    expect(data.myDataExport.json).not.toContain('secret-ciphertext');
    // 3000 sessions at 250 a page: twelve page statements, never one for all, never one a row.
    expect(result.sqlStatements).toBeGreaterThanOrEqual(3000 / 250);
    expect(result.sqlStatements).toBeLessThan(3000 / 250 + 25);
    // A customer reading its own data by role is not logged, in the API or in the export.
    expect(await entriesSince(h.db, mark)).toEqual([]);
  });

  test('with a verification granted to the customer, billing is included (never the ciphertext) and logged', async () => {
    const s = await seed();
    await insertVerification(h.db, { subscriberId: s.id, grantedTo: s.id, verifiedBy: 'support-1' });
    const mark = await logMark(h.db);
    const { doc, data } = await exportFor(s.id);
    expect(doc.subscriber.billing).toMatchObject({
      cardLast4: '4242',
      maskedCardNumber: '**** **** **** 4242',
    });
    expect(JSON.stringify(doc.subscriber.billing)).not.toMatch(/cipher/i);
    expect(data.myDataExport.json).not.toContain('secret-ciphertext');
    expect(doc.subscriber.payments).toHaveLength(3);
    expect(doc.subscriber.billingAccess).toMatchObject({ granted: true, basis: 'ID_VERIFICATION' });
    // Verifications are COMPLIANCE records: the API does not serve them to a customer.
    expect(doc.subscriber.identityVerifications).toBeUndefined();
    expect(reasonsOf(doc)).toEqual({
      identityVerifications: 'ROLE_NOT_PERMITTED',
      disclosureExceptions: 'ROLE_NOT_PERMITTED',
      retentionHolds: 'ROLE_NOT_PERMITTED',
    });
    const logged = await entriesSince(h.db, mark);
    expect(logged).toHaveLength(1);
    expect(logged[0]).toMatchObject({
      actorId: s.id,
      actorRole: 'CUSTOMER',
      subscriberId: s.id,
      category: 'BILLING',
      basis: 'ID_VERIFICATION',
      operation: 'myDataExport',
    });
    expect(logged[0].fields).toEqual(
      expect.arrayContaining(['Subscriber.billing', 'Subscriber.payments', 'Payment.amountCents']),
    );
  });

  test('the newest history first, every row once across page boundaries, as the API pages it', async () => {
    const s = await insertSubscriber(h.db);
    await insertHistory(h.db, s.id, { sessions: 7, tickets: 5 });
    exportSettings.pageSize = 2;
    const { doc } = await exportFor(s.id);
    const started = doc.subscriber.sessions.map((x) => (x as unknown as { startedAt: string }).startedAt);
    expect(started).toHaveLength(7);
    expect([...started].sort().reverse()).toEqual(started);
    expect(doc.subscriber.supportTickets.map((t) => t.subject)).toEqual([
      'Ticket 4',
      'Ticket 3',
      'Ticket 2',
      'Ticket 1',
      'Ticket 0',
    ]);
  });

  test('for customers only', async () => {
    for (const role of [Role.SUPPORT, Role.ADMIN]) {
      const result = await h.run(EXPORT, { token: await h.token(role) });
      expect(errorOf(result)?.reason).toBe('ROLE_NOT_PERMITTED');
    }
  });
});
