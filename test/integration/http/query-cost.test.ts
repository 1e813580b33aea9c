import { Role } from '../../../src/auth/roles';
import * as queryCost from '../../../src/http/query-cost';
import { startHarness, Harness, resetData, errorOf, Result } from '../../helpers/harness';
import { insertHistory } from '../../helpers/fixtures';
import { insertFullAccount } from '../../helpers/lifecycle-fixtures';
import { insertException, insertVerification } from '../../helpers/privacy-fixtures';

/**
 * docs/design.md section 6: queries are bounded before they run, and one request can never
 * issue more SQL statements than its cost allows. Issue 10, finding 1: alias floods of
 * `policyVersions`, `sessionsByDay` and `verifyAccessLog` ran thousands of statements.
 */
let h: Harness;
let id: string;
let ticketId: string;
beforeAll(async () => {
  h = await startHarness();
  await resetData(h.db);
  for (let i = 0; i < 3; i++) {
    const { account } = await insertFullAccount(h.db);
    await insertHistory(h.db, account.id, { sessions: 30, payments: 5, tickets: 3 });
    id = account.id;
  }
  await insertVerification(h.db, { subscriberId: id, grantedTo: 'billing-1' });
  await insertVerification(h.db, { subscriberId: id, grantedTo: id });
  await insertException(h.db, {
    subscriberId: id,
    status: 'ACTIVE',
    categories: ['BILLING', 'USAGE', 'SUPPORT'],
    requestedBy: 'compliance-2',
    approvedBy: 'compliance-3',
  });
  const [ticket] = await h.db.query('SELECT id FROM support_tickets WHERE subscriber_id = ? LIMIT 1', [id]);
  ticketId = String(ticket.id);
});
afterAll(() => h.close());

const aliases = (n: number, field: string) =>
  `{ ${Array.from({ length: n }, (_, i) => `a${i}: ${field}`).join(' ')} }`;
const YEAR = 'from: "2025-01-01T00:00:00Z", to: "2026-01-01T00:00:00Z"';

const refusedBeforeRunning = (result: Result<unknown>) => {
  expect(errorOf(result)).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'QUERY_TOO_COMPLEX' });
  expect(result.data ?? null).toBeNull();
  expect(result.sqlStatements).toBe(0);
};

describe('the floods of the issue are refused before they run', () => {
  test('4 900 aliased policyVersions without a token (150 kB): no statement', async () => {
    const flood = aliases(4900, 'policyVersions { body }');
    expect(flood.length).toBeGreaterThan(100_000);
    refusedBeforeRunning(await h.run(flood, { token: null }));
  });

  test('aliases past the limit, each cheap: refused by count', async () => {
    const result = await h.run(aliases(16, 'privacyPolicy { version }'), {
      token: await h.token(Role.ADMIN),
    });
    refusedBeforeRunning(result);
    expect(result.errors?.[0].message).toBe('The query has 16 aliases; at most 15 are allowed');
  });

  test('4 998 aliased sessionsByDay (REPORTING), and 10 of them: refused', async () => {
    const token = await h.token(Role.REPORTING);
    refusedBeforeRunning(
      await h.run(aliases(4998, `report { sessionsByDay(${YEAR}) { value } }`), { token }),
    );
    refusedBeforeRunning(await h.run(aliases(10, `report { sessionsByDay(${YEAR}) { value } }`), { token }));
  });

  test('verifyAccessLog twice in one request (COMPLIANCE): refused', async () => {
    const token = await h.token(Role.COMPLIANCE);
    const result = await h.run('{ a: verifyAccessLog { ok } b: verifyAccessLog { ok } }', { token });
    expect(errorOf(result)).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'QUERY_TOO_COMPLEX' });
    expect(result.data ?? null).toBeNull();
    // Only the look-up of the log's size, which prices it, ran.
    expect(result.sqlStatements).toBeLessThanOrEqual(1);
  });

  test('without a token the budget is much smaller; the same query passes with one', async () => {
    const query = aliases(12, 'policyVersions { version summary }');
    refusedBeforeRunning(await h.run(query, { token: null }));
    const withToken = await h.run(query, { token: await h.token(Role.SUPPORT) });
    expect(withToken.errors).toBeUndefined();
    expect(withToken.sqlStatements).toBeGreaterThan(0);
  });
});

describe('statements never exceed the cost', () => {
  const walk: [string, Role | null, string][] = [
    ['public policy', null, '{ privacyPolicy { version body } policyVersions { version effectiveAt } }'],
    [
      'public domain look-up',
      null,
      '{ domainRegistration(domain: "nothing.example") { domain registrantName } }',
    ],
    ['policy aliases with a token', Role.SUPPORT, aliases(15, 'policyVersions { version }')],
    [
      'dashboard page with relations',
      Role.SUPPORT,
      `{ subscribers(first: 20, filter: { status: ACTIVE }) { totalCount pageInfo { hasNextPage endCursor }
         edges { cursor node { id accountNumber name email address { city }
           sessions(first: 5) { totalCount edges { node { startedAt ipAddress } } }
           supportTickets(first: 5) { edges { node { subject messages { body } subscriber { id } } } } } } } }`,
    ],
    [
      'one subscriber with everything support may read',
      Role.SUPPORT,
      `{ subscriber(id: "ID") { id name deletionDueAt billingAccess { granted basis } domains { domain }
         productInquiries { product } surveyResponses { score } communicationPreferences { marketingMailings }
         identityVerifications { verifiedBy } retentionHolds { id } disclosureExceptions { id } } }`,
    ],
    [
      'fifteen aliased subscribers, each with pages',
      Role.SUPPORT,
      aliases(
        15,
        'subscriber(id: "ID") { sessions(first: 10) { edges { node { id } } } supportTickets { totalCount } }',
      ),
    ],
    [
      'billing read behind a verification, written to the log',
      Role.BILLING,
      `{ subscriber(id: "ID") { billing { cardLast4 maskedCardNumber } payments(first: 5) { totalCount edges { node { amountCents } } } } }`,
    ],
    [
      'reads under a disclosure exception',
      Role.COMPLIANCE,
      `{ subscriber(id: "ID") { billing { cardLast4 } sessions(first: 3) { edges { node { ipAddress } } } supportTickets { edges { node { subject } } } } }`,
    ],
    [
      'every report',
      Role.REPORTING,
      `{ report { subscribersByStatus { key value } signupsByMonth { key value } cancellationsByMonth { key value }
         revenueCentsByMonth { key value } sessionsByDay(${YEAR}) { key value } ticketsByStatus { key value }
         inquiriesByProduct { key value } } }`,
    ],
    [
      'the access log and its verification',
      Role.COMPLIANCE,
      `{ accessLog(first: 50) { totalCount edges { node { id fields } } } verifyAccessLog { ok checked }
         disclosureExceptions { id subscriber { id } } }`,
    ],
    [
      'the customer app',
      Role.CUSTOMER,
      `{ me { name supportTickets { edges { node { id subject } } } billing { cardLast4 } } }`,
    ],
    ['the data export', Role.CUSTOMER, '{ myDataExport { generatedAt json } }'],
    [
      'mutations with their read-back',
      Role.ADMIN,
      `mutation { a: setTicketStatus(ticketId: "TICKET", status: PENDING) { id status subscriber { name } }
         b: addTicketMessage(ticketId: "TICKET", body: "On it", channel: EMAIL) { id }
         c: createSubscriber(input: { name: "Cost Test", email: "cost.test@example.test" }) { id accountNumber } }`,
    ],
    [
      'a contact change behind a verification',
      Role.BILLING,
      `mutation { updateContactInfo(subscriberId: "ID", input: { name: "Renamed" }) { name billing { cardLast4 } } }`,
    ],
  ];

  test.each(walk)('%s', async (_label, role, template) => {
    const query = template.replaceAll('"ID"', `"${id}"`).replaceAll('"TICKET"', `"${ticketId}"`);
    const sub = role === Role.CUSTOMER ? id : role === Role.BILLING ? 'billing-1' : undefined;
    const token = role ? await h.token(role, sub) : null;
    const result = await h.run(query, { token });
    expect(result.errors?.some((e) => e.extensions?.reason === 'QUERY_TOO_COMPLEX') ?? false).toBe(false);
    expect(result.data).toBeTruthy();
    expect(result.cost).toBeDefined();
    expect(result.sqlStatements).toBeGreaterThan(0);
    expect(result.sqlStatements).toBeLessThanOrEqual(result.cost!);
  });
});

describe('over HTTP', () => {
  const post = (query: string) =>
    h.server.http.inject({
      method: 'POST',
      url: '/graphql',
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify({ query }),
    });

  test.each([
    ['too many tokens', aliases(4900, 'policyVersions { body }')],
    ['too many aliases', aliases(16, 'privacyPolicy { version }')],
    ['too costly without a token', aliases(12, 'policyVersions { version summary }')],
  ])('%s: 400, BAD_USER_INPUT QUERY_TOO_COMPLEX, no data', async (_label, query) => {
    const response = await post(query);
    expect(response.statusCode).toBe(400);
    const body = response.json();
    expect(body.data).toBeUndefined();
    expect(body.errors).toHaveLength(1);
    expect(body.errors[0].extensions).toEqual({ code: 'BAD_USER_INPUT', reason: 'QUERY_TOO_COMPLEX' });
  });
});

describe('an operation is costed once per text when it has no variables', () => {
  // Its cost is a function of the text and whether a token came with it: walking the
  // document again on every request (about 0.1 ms for the dashboard query) found nothing new.
  // Each walk makes one estimator for the document's fields.
  const spy = () => jest.spyOn(queryCost, 'fieldCostEstimator');
  afterEach(() => jest.restoreAllMocks());

  test('the same text is walked once, and each request still carries its cost and its limit', async () => {
    const walks = spy();
    const query = `{ subscribers(first: 7) { edges { node { id sessions(first: 3) { edges { node { id } } } } } } }`;
    const token = await h.token(Role.ADMIN);
    const first = await h.run(query, { token });
    const second = await h.run(query, { token });
    expect(walks).toHaveBeenCalledTimes(1);
    expect(second.cost).toBe(first.cost);
    expect(second.errors).toBeUndefined();
    // Without a token the same text costs otherwise (the shield refuses the root first).
    const anonymous = await h.run(query);
    expect(walks).toHaveBeenCalledTimes(2);
    expect(anonymous.cost).not.toBe(first.cost);
    // A budget exceeded is refused every time, from the kept cost too.
    const costly = aliases(12, 'policyVersions { version summary }');
    refusedBeforeRunning(await h.run(costly));
    refusedBeforeRunning(await h.run(costly));
  });

  test('with variables, each request is costed with its own', async () => {
    const walks = spy();
    const query = `query Page($n: Int) { subscribers(first: $n) { edges { node { id } } } }`;
    const token = await h.token(Role.ADMIN);
    const small = await h.run(query, { token, variables: { n: 2 } });
    const large = await h.run(query, { token, variables: { n: 40 } });
    expect(walks).toHaveBeenCalledTimes(2);
    expect(large.cost!).toBeGreaterThan(small.cost!);
  });

  test('verifyAccessLog is costed on each request: its cost follows the size of the log', async () => {
    const walks = spy();
    const token = await h.token(Role.COMPLIANCE);
    await h.run('{ verifyAccessLog { ok } }', { token });
    await h.run('{ verifyAccessLog { ok } }', { token });
    expect(walks).toHaveBeenCalledTimes(2);
  });
});
