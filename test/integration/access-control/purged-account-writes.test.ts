import { Role } from '../../../src/auth/roles';
import { errorOf, Harness, resetData, startHarness } from '../../helpers/harness';
import { cancelledMonthsAgo, columnsHolding, insertFullAccount } from '../../helpers/lifecycle-fixtures';
import { insertVerification, logMark } from '../../helpers/privacy-fixtures';

/**
 * Issue 8, finding 1: after the retention purge had erased an account, six mutations took
 * personal data into it again, where no later purge would ever erase it. Each is refused
 * with CONFLICT ACCOUNT_PURGED and stores nothing, not even an access-log entry.
 */
let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.close());
beforeEach(() => resetData(h.db));

const count = async (sql: string, id: string) => Number((await h.db.query(sql, [id]))[0].n);

/** What an erased account holds, table by table: none of it may grow. */
async function footprint(id: string) {
  return {
    subscriber: (
      await h.db.query('SELECT status, name, email, phone, address_line1 FROM subscribers WHERE id = ?', [id])
    )[0],
    verifications: await count(
      'SELECT COUNT(*) AS n FROM identity_verifications WHERE subscriber_id = ?',
      id,
    ),
    billing: await count('SELECT COUNT(*) AS n FROM billing_profiles WHERE subscriber_id = ?', id),
    payments: await count('SELECT COUNT(*) AS n FROM payments WHERE subscriber_id = ?', id),
    exceptions: await count('SELECT COUNT(*) AS n FROM disclosure_exceptions WHERE subscriber_id = ?', id),
    holds: await count('SELECT COUNT(*) AS n FROM retention_holds WHERE subscriber_id = ?', id),
  };
}

async function purgedAccount(): Promise<string> {
  const { account } = await insertFullAccount(h.db, cancelledMonthsAgo(13));
  const purge = await h.run(`mutation { runRetentionPurge(dryRun: false) { purged } }`, {
    token: await h.token(Role.COMPLIANCE),
  });
  expect(purge.data).toEqual({ runRetentionPurge: { purged: [account.id] } });
  return account.id;
}

test('a purged account takes no personal data through any mutation (ACCOUNT_PURGED, nothing stored)', async () => {
  const id = await purgedAccount();
  const before = await footprint(id);
  expect(before.subscriber).toMatchObject({ status: 'PURGED', name: null, email: null });
  const support = await h.token(Role.SUPPORT);
  const billing = await h.token(Role.BILLING);
  const compliance = await h.token(Role.COMPLIANCE);
  // A verification that existed before the purge would let a contact change through the
  // old check: the refusal must come from the account's state, not from a missing ID check.
  await insertVerification(h.db, { subscriberId: id, grantedTo: 'support-1' });
  await insertVerification(h.db, { subscriberId: id, grantedTo: 'billing-1' });
  const withVerifications = await footprint(id);
  const mark = await logMark(h.db);

  const attempts: [string, string, Record<string, unknown>][] = [
    [
      support,
      `mutation($id: ID!) { recordIdentityVerification(input: {subscriberId: $id, documentType: PASSPORT}) { id } }`,
      { id },
    ],
    [
      support,
      `mutation($id: ID!) { updateContactInfo(subscriberId: $id, input: {email: "revived@example.com", name: "Ghost"}) { id status email } }`,
      { id },
    ],
    [
      billing,
      `mutation($id: ID!) { updateBillingInfo(subscriberId: $id, input: {cardNumber: "4111 1111 1111 1111", cardExpiry: "12/39"}) { cardLast4 } }`,
      { id },
    ],
    [
      billing,
      `mutation($id: ID!) { recordPayment(input: {subscriberId: $id, amountCents: 2999, currency: "USD", status: SUCCEEDED, paidAt: "2026-01-01T00:00:00Z", invoiceNumber: "INV-GHOST"}) { id } }`,
      { id },
    ],
    [
      compliance,
      `mutation($id: ID!, $until: DateTime!) { requestDisclosureException(input: {subscriberId: $id, basis: LEGAL_PROCESS, reference: "Court 1", justification: "An order about the account", categories: [CONTACT], validUntil: $until}) { id } }`,
      { id, until: new Date(Date.now() + 86_400_000).toISOString() },
    ],
    [
      compliance,
      `mutation($id: ID!) { placeRetentionHold(subscriberId: $id, reason: LEGAL_OBLIGATION, note: "Keep it") { id } }`,
      { id },
    ],
  ];
  for (const [token, query, variables] of attempts) {
    const result = await h.run(query, { token, variables });
    expect({ query, data: result.data, error: errorOf(result) }).toMatchObject({
      query,
      data: null,
      error: { code: 'CONFLICT', reason: 'ACCOUNT_PURGED' },
    });
  }
  expect(await footprint(id)).toEqual(withVerifications);
  expect(await columnsHolding(h.db, ['revived@example.com', 'Ghost', 'INV-GHOST'])).toEqual([]);
  expect(await logMark(h.db)).toBe(mark);
});

test('the same attempts on a live account succeed, so the refusal above is about the state', async () => {
  const { account } = await insertFullAccount(h.db, cancelledMonthsAgo(2));
  const support = await h.token(Role.SUPPORT);
  const verified = await h.run(
    `mutation($id: ID!) { recordIdentityVerification(input: {subscriberId: $id, documentType: PASSPORT}) { id } }`,
    { token: support, variables: { id: account.id } },
  );
  expect(verified.errors).toBeUndefined();
  const changed = await h.run(
    `mutation($id: ID!) { updateContactInfo(subscriberId: $id, input: {name: "Corrected Name"}) { name } }`,
    { token: support, variables: { id: account.id } },
  );
  expect(changed.data).toEqual({ updateContactInfo: { name: 'Corrected Name' } });
});

test('a customer aiming at another account reads NOT_FOUND, before any state is revealed', async () => {
  const id = await purgedAccount();
  const { account: other } = await insertFullAccount(h.db);
  const result = await h.run(`mutation($id: ID!) { cancelAccount(subscriberId: $id) { id } }`, {
    token: await h.token(Role.CUSTOMER, other.id),
    variables: { id },
  });
  expect(errorOf(result)).toMatchObject({ code: 'NOT_FOUND', reason: 'NOT_FOUND' });
});

test('a customer id that only converts to an account id in SQL reaches no account', async () => {
  const { account } = await insertFullAccount(h.db);
  for (const sub of [`0${account.id}`, `${account.id}.0`, `${account.id}abc`]) {
    const result = await h.run(
      `mutation { submitSurveyResponse(survey: "nps", score: 9, answers: "Fine") { id } }`,
      {
        token: await h.token(Role.CUSTOMER, sub),
      },
    );
    expect({ sub, data: result.data, failed: result.errors !== undefined }).toEqual({
      sub,
      data: null,
      failed: true,
    });
  }
  expect(
    Number(
      (
        await h.db.query('SELECT COUNT(*) AS n FROM survey_responses WHERE subscriber_id = ?', [account.id])
      )[0].n,
    ),
  ).toBe(1); // the one insertFullAccount made
});
