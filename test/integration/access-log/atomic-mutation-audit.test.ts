import { Role } from '../../../src/auth/roles';
import { verifyAccessLog } from '../../../src/access-log/access-log.service';
import { errorOf, Harness, resetData, startHarness } from '../../helpers/harness';
import { insertSubscriber } from '../../helpers/fixtures';
import { entriesSince, insertVerification, logMark } from '../../helpers/privacy-fixtures';

/**
 * Issue 8, finding 7 (docs/design.md section 3): a mutation's access-log entries — its change
 * and the read-back of its result — commit in the mutation's own transaction with the
 * change, or not at all. With the log refusing inserts (a trigger), nothing is stored and
 * the client is told so; it is never told "failed" about a committed change.
 */
let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await allowLogInserts();
  await h.close();
});
beforeEach(() => resetData(h.db));
afterEach(() => allowLogInserts());

async function refuseLogInserts() {
  await h.db.query(
    `CREATE TRIGGER access_log_refuses_inserts BEFORE INSERT ON access_log_entries FOR EACH ROW
     SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'access log unavailable'`,
  );
}
const allowLogInserts = () => h.db.query('DROP TRIGGER IF EXISTS access_log_refuses_inserts');

const PAYMENT = `mutation($id: ID!, $invoice: String!) {
  recordPayment(input: {subscriberId: $id, amountCents: 2999, currency: "USD", status: SUCCEEDED,
    paidAt: "2026-10-01T12:00:00Z", invoiceNumber: $invoice}) { id amountCents invoiceNumber } }`;
const CONTACT = `mutation($id: ID!, $name: String!) {
  updateContactInfo(subscriberId: $id, input: {name: $name}) { id name } }`;

const payments = async (id: string) =>
  Number((await h.db.query('SELECT COUNT(*) AS n FROM payments WHERE subscriber_id = ?', [id]))[0].n);
const nameOf = async (id: string) =>
  (await h.db.query('SELECT name FROM subscribers WHERE id = ?', [id]))[0].name;

function expectWithheld(result: Awaited<ReturnType<Harness['run']>>) {
  expect(result.data).toBeNull();
  expect(result.errors).toHaveLength(1);
  expect(result.errors?.[0].extensions).toMatchObject({
    code: 'INTERNAL_SERVER_ERROR',
    reason: 'ACCESS_LOG_UNAVAILABLE',
  });
  expect(result.errors?.[0].message).toMatch(/nothing was changed/);
}

test('recordPayment: when its read-back cannot be logged, the payment is not stored either', async () => {
  const s = await insertSubscriber(h.db);
  // The gate open for billing-1: reading the payment back is a logged BILLING read.
  await insertVerification(h.db, { subscriberId: s.id, grantedTo: 'billing-1' });
  const billing = await h.token(Role.BILLING);
  await refuseLogInserts();
  const failed = await h.run(PAYMENT, { token: billing, variables: { id: s.id, invoice: 'INV-1' } });
  expectWithheld(failed);
  expect(await payments(s.id)).toBe(0);

  // The client retries, as it was told to: one payment, not two, with its log entry.
  await allowLogInserts();
  const mark = await logMark(h.db);
  const retried = await h.run(PAYMENT, { token: billing, variables: { id: s.id, invoice: 'INV-1' } });
  expect(retried.errors).toBeUndefined();
  expect(await payments(s.id)).toBe(1);
  expect(await entriesSince(h.db, mark)).toEqual([
    expect.objectContaining({ subscriberId: s.id, category: 'BILLING', operation: 'recordPayment' }),
  ]);
  expect((await verifyAccessLog(h.db)).ok).toBe(true);
});

test('updateContactInfo: when its change cannot be logged, the change is not stored', async () => {
  const s = await insertSubscriber(h.db);
  await insertVerification(h.db, { subscriberId: s.id, grantedTo: 'support-1' });
  await refuseLogInserts();
  const failed = await h.run(CONTACT, {
    token: await h.token(Role.SUPPORT),
    variables: { id: s.id, name: 'Not Stored' },
  });
  expectWithheld(failed);
  expect(await nameOf(s.id)).toBe(s.name);
});

test('a compliance action without its log entry is not stored', async () => {
  const s = await insertSubscriber(h.db);
  await refuseLogInserts();
  const failed = await h.run(
    `mutation($id: ID!) { placeRetentionHold(subscriberId: $id, reason: LEGAL_OBLIGATION, note: "Case 7") { id } }`,
    { token: await h.token(Role.COMPLIANCE), variables: { id: s.id } },
  );
  expectWithheld(failed);
  expect(
    Number(
      (await h.db.query('SELECT COUNT(*) AS n FROM retention_holds WHERE subscriber_id = ?', [s.id]))[0].n,
    ),
  ).toBe(0);
});

test('several root fields: when one fails the response has no data, and nothing is stored', async () => {
  const s = await insertSubscriber(h.db);
  await insertVerification(h.db, { subscriberId: s.id, grantedTo: 'support-1' });
  const other = await insertSubscriber(h.db); // no verification: its change is refused
  const mark = await logMark(h.db);
  const result = await h.run(
    `mutation($a: ID!, $b: ID!) {
       first: updateContactInfo(subscriberId: $a, input: {name: "First Kept"}) { name }
       second: updateContactInfo(subscriberId: $b, input: {name: "Second Refused"}) { name } }`,
    { token: await h.token(Role.SUPPORT), variables: { a: s.id, b: other.id } },
  );
  // Both fields are non-null: the refusal of the second empties the whole response, so the
  // first must not be committed either, or the client would be told "failed" about it.
  expect(result.data).toBeNull();
  expect(errorOf(result)).toMatchObject({ reason: 'ID_VERIFICATION_REQUIRED', path: ['second'] });
  expect(await nameOf(s.id)).toBe(s.name);
  expect(await nameOf(other.id)).toBe(other.name);
  expect(await entriesSince(h.db, mark)).toEqual([]);

  const both = await h.run(
    `mutation($a: ID!) {
       first: updateContactInfo(subscriberId: $a, input: {name: "First Kept"}) { name }
       again: updateContactInfo(subscriberId: $a, input: {name: "Second Kept"}) { name } }`,
    { token: await h.token(Role.SUPPORT), variables: { a: s.id } },
  );
  expect(both.data).toEqual({ first: { name: 'First Kept' }, again: { name: 'Second Kept' } });
  expect(await nameOf(s.id)).toBe('Second Kept');
  expect((await entriesSince(h.db, mark)).map((entry) => entry.operation)).toEqual([
    'updateContactInfo',
    'updateContactInfo',
  ]);
});

test('a read-back the gate refuses empties the response, so the change is not stored', async () => {
  const s = await insertSubscriber(h.db);
  const billing = await h.token(Role.BILLING); // no verification: the amount may not be read back
  const refused = await h.run(PAYMENT, { token: billing, variables: { id: s.id, invoice: 'INV-9' } });
  expect(refused.data).toBeNull();
  expect(errorOf(refused)).toMatchObject({ code: 'FORBIDDEN', reason: 'ID_VERIFICATION_REQUIRED' });
  expect(await payments(s.id)).toBe(0);
  const idOnly = await h.run(
    `mutation($id: ID!) { recordPayment(input: {subscriberId: $id, amountCents: 2999, currency: "USD",
       status: SUCCEEDED, paidAt: "2026-10-01T12:00:00Z", invoiceNumber: "INV-9"}) { id } }`,
    { token: billing, variables: { id: s.id } },
  );
  expect(idOnly.errors).toBeUndefined();
  expect(await payments(s.id)).toBe(1);
});

test('a mutation reads back what it wrote before committing it (its own transaction)', async () => {
  const s = await insertSubscriber(h.db);
  const result = await h.run(
    `mutation($id: ID!) { recordIdentityVerification(input: {subscriberId: $id, documentType: PASSPORT}) {
       id grantedTo } }`,
    { token: await h.token(Role.BILLING), variables: { id: s.id } },
  );
  expect(result.errors).toBeUndefined();
  const billing = await h.run(`query($id: ID!) { subscriber(id: $id) { billingAccess { granted basis } } }`, {
    token: await h.token(Role.BILLING),
    variables: { id: s.id },
  });
  expect(billing.data).toEqual({
    subscriber: { billingAccess: { granted: true, basis: 'ID_VERIFICATION' } },
  });
});
