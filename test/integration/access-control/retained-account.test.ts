import { Role } from '../../../src/auth/roles';
import { errorOf, Harness, resetData, startHarness } from '../../helpers/harness';
import { cancelledMonthsAgo, columnsHolding, insertFullAccount } from '../../helpers/lifecycle-fixtures';
import { insertVerification } from '../../helpers/privacy-fixtures';

/**
 * Issue 8, finding 2, and docs/design.md section 4: under an ACCOUNTING_IRREGULARITY hold the
 * purge keeps contact and billing "as necessary to resolve the matter" and sets RETAINED.
 * They stay readable under the usual rules (billing behind the gate), verifications and
 * payments can still be recorded, nothing else can be added; released, the next purge
 * erases the rest and sets PURGED.
 */
let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.close());
beforeEach(() => resetData(h.db));

const READ = `query($id: ID!) { subscriber(id: $id) {
  status name email phone address { city }
  sessions { totalCount } supportTickets { totalCount } productInquiries { id } surveyResponses { id }
  domains { domain } communicationPreferences { marketingMailings } } }`;
const BILLING = `query($id: ID!) { subscriber(id: $id) {
  status name billing { cardLast4 } payments { edges { node { amountCents } } } } }`;

async function retainedAccount() {
  const { account, person } = await insertFullAccount(h.db, cancelledMonthsAgo(13));
  const compliance = await h.token(Role.COMPLIANCE);
  const placed = await h.run(
    `mutation($id: ID!) { placeRetentionHold(subscriberId: $id, reason: ACCOUNTING_IRREGULARITY, note: "Disputed invoices") { id } }`,
    { token: compliance, variables: { id: account.id } },
  );
  expect(placed.errors).toBeUndefined();
  const purge = await h.run(`mutation { runRetentionPurge(dryRun: false) { purged } }`, {
    token: compliance,
  });
  expect(purge.data).toEqual({ runRetentionPurge: { purged: [account.id] } });
  const holdId = (placed.data as { placeRetentionHold: { id: string } }).placeRetentionHold.id;
  return { account, person, compliance, holdId };
}

test('contact and billing of a RETAINED account are readable under the usual rules; the rest is erased', async () => {
  const { account, holdId } = await retainedAccount();
  // ADMIN may read every category of a live account: only contact data is left here.
  const contact = await h.run(READ, { token: await h.token(Role.ADMIN), variables: { id: account.id } });
  expect(contact.errors).toBeUndefined();
  expect(contact.data).toEqual({
    subscriber: {
      status: 'RETAINED',
      name: account.name,
      email: account.email,
      phone: account.phone,
      address: { city: 'Springfield' },
      sessions: null,
      supportTickets: null,
      productInquiries: null,
      surveyResponses: null,
      domains: null,
      communicationPreferences: null,
    },
  });
  const billing = await h.token(Role.BILLING);
  const before = await h.run(BILLING, { token: billing, variables: { id: account.id } });
  expect(before.data?.subscriber).toMatchObject({ status: 'RETAINED', name: account.name, billing: null });
  expect(errorOf(before)).toMatchObject({ code: 'FORBIDDEN', reason: 'ID_VERIFICATION_REQUIRED' });

  // BILLING checks an ID, then reads and records what resolves the matter.
  const verified = await h.run(
    `mutation($id: ID!) { recordIdentityVerification(input: {subscriberId: $id, documentType: PASSPORT}) { id } }`,
    { token: billing, variables: { id: account.id } },
  );
  expect(verified.errors).toBeUndefined();
  const refund = await h.run(
    `mutation($id: ID!) { recordPayment(input: {subscriberId: $id, amountCents: 1500, currency: "USD", status: REFUNDED, paidAt: "2026-01-05T00:00:00Z", invoiceNumber: "REFUND-1"}) { amountCents } }`,
    { token: billing, variables: { id: account.id } },
  );
  expect(refund.data).toEqual({ recordPayment: { amountCents: 1500 } });
  const after = await h.run(BILLING, { token: billing, variables: { id: account.id } });
  expect(after.errors).toBeUndefined();
  expect(after.data?.subscriber).toMatchObject({ billing: { cardLast4: '4242' } });
  const amounts = (
    after.data?.subscriber as { payments: { edges: { node: { amountCents: number } }[] } }
  ).payments.edges.map((edge) => edge.node.amountCents);
  expect(amounts).toContain(1500);
  expect(amounts).toHaveLength(3);

  // COMPLIANCE sees the hold it has to release.
  const holds = await h.run(`query($id: ID!) { subscriber(id: $id) { retentionHolds { id } } }`, {
    token: await h.token(Role.COMPLIANCE),
    variables: { id: account.id },
  });
  expect(holds.data).toEqual({ subscriber: { retentionHolds: [{ id: holdId }] } });
});

test('nothing but verifications and payments can be added to a RETAINED account', async () => {
  const { account } = await retainedAccount();
  const admin = await h.token(Role.ADMIN);
  await insertVerification(h.db, { subscriberId: account.id, grantedTo: 'admin-1' });
  const refused = [
    `mutation($id: ID!) { updateContactInfo(subscriberId: $id, input: {name: "Changed"}) { id } }`,
    `mutation($id: ID!) { updateBillingInfo(subscriberId: $id, input: {cardNumber: "4111111111111111", cardExpiry: "12/39"}) { cardLast4 } }`,
    `mutation($id: ID!) { openSupportTicket(input: {subscriberId: $id, subject: "Hi", body: "Hello", channel: WEB}) { id } }`,
    `mutation($id: ID!) { recordSession(input: {subscriberId: $id, startedAt: "2026-01-01T00:00:00Z", ipAddress: "198.51.100.7"}) { id } }`,
    `mutation($id: ID!) { setCommunicationPreferences(subscriberId: $id, marketingMailings: true) { marketingMailings } }`,
    `mutation($id: ID!) { reactivateAccount(subscriberId: $id) { id } }`,
    `mutation($id: ID!) { cancelAccount(subscriberId: $id) { id } }`,
  ];
  for (const query of refused) {
    const result = await h.run(query, { token: admin, variables: { id: account.id } });
    expect({ query, error: errorOf(result) }).toMatchObject({
      query,
      error: { code: 'CONFLICT', reason: 'ACCOUNT_PURGED' },
    });
  }
  const [row] = await h.db.query('SELECT name, status FROM subscribers WHERE id = ?', [account.id]);
  expect(row).toEqual({ name: account.name, status: 'RETAINED' });
});

test('released, the next purge erases what was kept and sets PURGED', async () => {
  const { account, person, compliance, holdId } = await retainedAccount();
  const billing = await h.token(Role.BILLING);
  // Recorded while retained: a verification with its document and a payment with its invoice.
  await h.run(
    `mutation($id: ID!) { recordPayment(input: {subscriberId: $id, amountCents: 900, currency: "USD", status: SUCCEEDED, paidAt: "2026-01-05T00:00:00Z", invoiceNumber: "LATE-INV-1"}) { id } }`,
    { token: billing, variables: { id: account.id } },
  );
  await h.db.query(
    `UPDATE identity_verifications SET document_hash = REPEAT('b', 64) WHERE subscriber_id = ?`,
    [account.id],
  );
  const stillHeld = await h.run(`mutation { runRetentionPurge(dryRun: false) { purged } }`, {
    token: compliance,
  });
  expect(stillHeld.data).toEqual({ runRetentionPurge: { purged: [] } });

  const released = await h.run(`mutation($id: ID!) { releaseRetentionHold(id: $id) { releasedAt } }`, {
    token: compliance,
    variables: { id: holdId },
  });
  expect(released.errors).toBeUndefined();
  const purge = await h.run(`mutation { runRetentionPurge(dryRun: false) { purged } }`, {
    token: compliance,
  });
  expect(purge.data).toEqual({ runRetentionPurge: { purged: [account.id] } });

  // The gate open, so what answers null is the erasure, not the gate.
  await insertVerification(h.db, { subscriberId: account.id, grantedTo: 'billing-1' });
  const read = await h.run(BILLING, { token: billing, variables: { id: account.id } });
  expect(read.data).toEqual({ subscriber: { status: 'PURGED', name: null, billing: null, payments: null } });
  expect(await columnsHolding(h.db, [person.email, person.name, person.phone, 'LATE-INV-1'])).toEqual([]);
  const [documents] = await h.db.query(
    'SELECT COUNT(*) AS n FROM identity_verifications WHERE subscriber_id = ? AND document_hash IS NOT NULL',
    [account.id],
  );
  expect(Number(documents.n)).toBe(0);
  // And now nothing at all may be added.
  const late = await h.run(
    `mutation($id: ID!) { recordPayment(input: {subscriberId: $id, amountCents: 100, currency: "USD", status: SUCCEEDED, paidAt: "2026-01-06T00:00:00Z"}) { id } }`,
    { token: billing, variables: { id: account.id } },
  );
  expect(errorOf(late)).toMatchObject({ code: 'CONFLICT', reason: 'ACCOUNT_PURGED' });
});
