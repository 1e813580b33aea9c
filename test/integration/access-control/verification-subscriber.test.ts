import { Role } from '../../../src/auth/roles';
import { buildBareSchema } from '../../../src/schema';
import { planPermissions } from '../../../src/access/permissions';
import { harnessForFile, errorOf } from '../../helpers/harness';
import { insertSubscriber } from '../../helpers/fixtures';
import {
  entriesSince,
  insertBillingSubscriber,
  insertVerification,
  logMark,
} from '../../helpers/privacy-fixtures';

/**
 * `IdentityVerification.subscriber` (api-contract.graphql): the subscriber a verification
 * opens, so the client that recorded it can refresh that subscriber. It is a way to a
 * Subscriber like any other: decided as IDENTIFIER for the verification's subscriber,
 * and every field of the subscriber keeps its own rule.
 */
const h = harnessForFile({ reset: 'each' });

const RECORD = `mutation($id: ID!, $grantedTo: String) {
  recordIdentityVerification(input: { subscriberId: $id, documentType: PASSPORT, grantedTo: $grantedTo }) {
    grantedTo
    subscriber { id name billingAccess { granted basis } billing { cardLast4 } }
  }
}`;

const subscriberWithCard = () =>
  insertBillingSubscriber(h.db, { cardLast4: '1881', history: { sessions: 2 } });

test('the verifying agent refreshes the subscriber it just opened: billing readable, and logged', async () => {
  const s = await subscriberWithCard();
  const mark = await logMark(h.db);
  const result = await h.run(RECORD, {
    token: await h.token(Role.BILLING, 'agent-9'),
    variables: { id: s.id },
  });
  expect(result.errors).toBeUndefined();
  expect(result.data?.recordIdentityVerification).toEqual({
    grantedTo: 'agent-9',
    subscriber: {
      id: s.id,
      name: s.name,
      billingAccess: { granted: true, basis: 'ID_VERIFICATION' },
      billing: { cardLast4: '1881' },
    },
  });
  const billingReads = (await entriesSince(h.db, mark)).filter((e) => e.category === 'BILLING');
  expect(billingReads).toEqual([
    expect.objectContaining({
      actorId: 'agent-9',
      subscriberId: s.id,
      basis: 'ID_VERIFICATION',
      fields: expect.arrayContaining(['Subscriber.billing', 'BillingProfile.cardLast4']),
    }),
  ]);
});

test("the subscriber's own rules hold: the gate opens only for its grantee, sessions stay USAGE", async () => {
  const s = await subscriberWithCard();
  // SUPPORT unlocks the customer app: the gate stays closed for SUPPORT itself.
  const forCustomer = await h.run(RECORD, {
    token: await h.token(Role.SUPPORT, 'agent-1'),
    variables: { id: s.id, grantedTo: s.id },
  });
  expect(forCustomer.data?.recordIdentityVerification).toMatchObject({
    grantedTo: s.id,
    subscriber: { id: s.id, billingAccess: { granted: false }, billing: null },
  });
  expect(errorOf(forCustomer)).toMatchObject({
    reason: 'ID_VERIFICATION_REQUIRED',
    path: ['recordIdentityVerification', 'subscriber', 'billing'],
  });
  // BILLING may open billing, never read usage: the same refusal as through `subscriber(id)`.
  const sessions = await h.run(
    `mutation($id: ID!) { recordIdentityVerification(input: { subscriberId: $id, documentType: PASSPORT }) {
       subscriber { id sessions { edges { node { ipAddress } } } } } }`,
    { token: await h.token(Role.BILLING, 'agent-9'), variables: { id: s.id } },
  );
  expect(errorOf(sessions)).toMatchObject({
    reason: 'ROLE_NOT_PERMITTED',
    path: ['recordIdentityVerification', 'subscriber', 'sessions'],
  });
});

test('roles that may not reach a verification never reach its subscriber', async () => {
  const s = await subscriberWithCard();
  await insertVerification(h.db, { subscriberId: s.id, grantedTo: s.id, verifiedBy: 'agent-1' });
  const query = `{ subscriber(id: "${s.id}") { identityVerifications { subscriber { id name } } } }`;
  const customer = await h.run(query, { token: await h.token(Role.CUSTOMER, s.id) });
  expect(errorOf(customer)).toMatchObject({
    reason: 'ROLE_NOT_PERMITTED',
    path: ['subscriber', 'identityVerifications'],
  });
  const reporting = await h.run(query, { token: await h.token(Role.REPORTING) });
  expect(errorOf(reporting)?.reason).toBe('AGGREGATES_ONLY');
  const recordAsReporting = await h.run(RECORD, {
    token: await h.token(Role.REPORTING),
    variables: { id: s.id },
  });
  expect(errorOf(recordAsReporting)?.reason).toBe('AGGREGATES_ONLY');
  // Decided by the IDENTIFIER rule on the verification's subscriber, never left plain.
  const plan = planPermissions(buildBareSchema());
  expect(plan.plainFields.has('IdentityVerification.subscriber')).toBe(false);
  expect(plan.rules.IdentityVerification.subscriber).toBeDefined();
});

test("through a DataLoader: every verification's subscriber on a page in one statement", async () => {
  const compliance = await h.token(Role.COMPLIANCE, 'officer-1');
  const QUERY = `query($first: Int!) { subscribers(first: $first) { edges { node {
    identityVerifications { subscriber { id accountNumber } } } } } }`;
  for (let i = 0; i < 10; i++) {
    const s = await insertSubscriber(h.db);
    await insertVerification(h.db, { subscriberId: s.id, grantedTo: 'agent-1' });
    await insertVerification(h.db, { subscriberId: s.id, grantedTo: s.id, verifiedBy: 'agent-2' });
  }
  const one = await h.run(QUERY, { token: compliance, variables: { first: 1 } });
  const ten = await h.run<{
    subscribers: { edges: { node: { identityVerifications: { subscriber: { id: string } }[] } }[] };
  }>(QUERY, { token: compliance, variables: { first: 10 } });
  expect(ten.errors).toBeUndefined();
  const owners = ten.data!.subscribers.edges.flatMap((e) => e.node.identityVerifications);
  expect(owners).toHaveLength(20);
  expect(ten.sqlStatements).toBe(one.sqlStatements);
});
