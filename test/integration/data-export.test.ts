import { Role } from '../../src/auth/roles';
import { exportSettings } from '../../src/modules/export/data-export.service';
import { errorOf, Harness, resetData, startHarness } from '../helpers/harness';
import { insertHistory, insertSubscriber } from '../helpers/fixtures';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.close());
beforeEach(() => resetData(h.db));
afterEach(() => {
  exportSettings.batchSize = 1000;
});

const EXPORT = `{ myDataExport { generatedAt subscriber { id status } json } }`;

interface ExportDocument {
  policyVersion: { version: number };
  account: { id: string; email: string };
  sessions: { id: string }[];
  billing: { included?: false; note?: string; card_last4?: string; card_ciphertext?: string };
  payments?: unknown[];
  supportTickets: { subject: string; messages: { body: string }[] }[];
  productInquiries: unknown[];
  surveyResponses: unknown[];
  communicationPreferences: { marketingMailings: boolean };
  domains: unknown[];
  identityVerifications: unknown[];
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

describe('myDataExport', () => {
  test('everything held about the customer, sessions read in batches, billing replaced by a note', async () => {
    const s = await seed();
    exportSettings.batchSize = 250;
    const { doc, result, data } = await exportFor(s.id);
    expect(data.myDataExport.subscriber.id).toBe(s.id);
    expect(doc.account).toMatchObject({ id: s.id, email: s.email });
    expect(doc.policyVersion.version).toBeGreaterThanOrEqual(1);
    expect(doc.sessions).toHaveLength(3000);
    expect(new Set(doc.sessions.map((x) => x.id)).size).toBe(3000);
    expect(doc.supportTickets).toHaveLength(2);
    expect(doc.supportTickets[0].messages[0].body).toBe('Message of ticket 0');
    expect(doc.productInquiries).toHaveLength(1);
    expect(doc.communicationPreferences.marketingMailings).toBe(true);
    expect(doc.billing.included).toBe(false);
    expect(doc.billing.note).toMatch(/identity verification/);
    expect(doc.payments).toBeUndefined();
    expect(data.myDataExport.json).not.toContain('secret-ciphertext');
    // 3000 sessions at 250 a statement: at least 12 session statements, never one for all.
    expect(result.sqlStatements).toBeGreaterThanOrEqual(3000 / 250);
    const logged = await h.db.query(
      `SELECT category, basis FROM access_log WHERE subscriber_id = ? AND operation = 'myDataExport' ORDER BY category`,
      [s.id],
    );
    expect(logged.map((r: { category: string }) => r.category).sort()).toEqual(
      ['COMPLIANCE', 'CONTACT', 'MARKETING', 'SUPPORT', 'USAGE'].sort(),
    );
  });

  test('with a verification granted to the customer, billing is included (never the ciphertext) and logged', async () => {
    const s = await seed();
    await h.db.query(
      `INSERT INTO identity_verifications (subscriber_id, document_type, verified_by, granted_to, verified_at, valid_until)
       VALUES (?, 'PASSPORT', 'support-1', ?, NOW(3) - INTERVAL 1 MINUTE, NOW(3) + INTERVAL 29 MINUTE)`,
      [s.id, s.id],
    );
    const { doc, data } = await exportFor(s.id);
    expect(doc.billing).toMatchObject({ card_last4: '4242' });
    expect(doc.billing.card_ciphertext).toBeUndefined();
    expect(data.myDataExport.json).not.toContain('secret-ciphertext');
    expect(doc.payments).toHaveLength(3);
    expect(doc.identityVerifications).toHaveLength(1);
    const [billing] = await h.db.query(
      `SELECT basis FROM access_log WHERE subscriber_id = ? AND operation = 'myDataExport' AND category = 'BILLING'`,
      [s.id],
    );
    expect(billing).toEqual({ basis: 'ID_VERIFICATION' });
  });

  test('for customers only', async () => {
    for (const role of [Role.SUPPORT, Role.ADMIN]) {
      const result = await h.run(EXPORT, { token: await h.token(role) });
      expect(errorOf(result)?.reason).toBe('ROLE_NOT_PERMITTED');
    }
  });
});
