import { Role } from '../../../src/auth/roles';
import { Harness, resetData, startHarness } from '../../helpers/harness';
import { insertHistory, insertSubscriber } from '../../helpers/fixtures';
import { insertVerification } from '../../helpers/privacy-fixtures';

/**
 * A cursor carries the order of the list that handed it out: a sessions cursor given to
 * payments (same arity: a time and an id) is refused with INVALID_INPUT naming `after`,
 * instead of being read as a position among payments.
 */
let h: Harness;
let customer: string;

type Page = { edges: { node: { id: string } }[]; pageInfo: { endCursor: string | null } };

beforeAll(async () => {
  h = await startHarness();
  await resetData(h.db);
  const subscriberId = (await insertSubscriber(h.db)).id;
  await insertHistory(h.db, subscriberId, { sessions: 3, payments: 3 });
  // Payments sit behind the billing gate: the customer's own verification opens it.
  await insertVerification(h.db, { subscriberId, grantedTo: subscriberId });
  customer = await h.token(Role.CUSTOMER, subscriberId);
});

afterAll(async () => {
  await resetData(h.db);
  await h.close();
});

const LIST = 'edges { node { id } } pageInfo { endCursor }';

test('a sessions cursor is refused by payments, and each list takes its own', async () => {
  const first = await h.run(`{ me { sessions(first: 1) { ${LIST} } payments(first: 1) { ${LIST} } } }`, {
    token: customer,
  });
  expect(first.errors).toBeUndefined();
  const me = (first.data as { me: { sessions: Page; payments: Page } }).me;
  const sessionCursor = me.sessions.pageInfo.endCursor!;
  const paymentCursor = me.payments.pageInfo.endCursor!;

  const own = await h.run(
    `query($s: String, $p: String) { me { sessions(first: 1, after: $s) { ${LIST} } payments(first: 1, after: $p) { ${LIST} } } }`,
    { token: customer, variables: { s: sessionCursor, p: paymentCursor } },
  );
  expect(own.errors).toBeUndefined();
  const next = (own.data as { me: { sessions: Page; payments: Page } }).me;
  expect(next.sessions.edges).toHaveLength(1);
  expect(next.sessions.edges[0].node.id).not.toBe(me.sessions.edges[0].node.id);
  expect(next.payments.edges).toHaveLength(1);

  const foreign = await h.run(`query($p: String) { me { payments(first: 1, after: $p) { ${LIST} } } }`, {
    token: customer,
    variables: { p: sessionCursor },
  });
  expect(foreign.errors).toHaveLength(1);
  expect(foreign.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'INVALID_INPUT' });
  expect(foreign.errors![0].message).toBe('after: is a cursor of another list (sessions), not of payments');
});
