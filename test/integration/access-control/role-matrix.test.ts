import { Role } from '../../../src/auth/roles';
import { startHarness, Harness, resetData, errorOf } from '../../helpers/harness';
import { insertSubscriber, insertHistory } from '../../helpers/fixtures';

/**
 * docs/design.md section 2 over the API: each role (and no token) against each root query of
 * the dashboard and the customer app, with the expected answer or denial reason.
 */
let h: Harness;
let own: string;
let other: string;
let ownTicket: string;
let otherTicket: string;

beforeAll(async () => {
  h = await startHarness();
  await resetData(h.db);
  own = (await insertSubscriber(h.db)).id;
  other = (await insertSubscriber(h.db)).id;
  await insertHistory(h.db, own, { tickets: 1 });
  await insertHistory(h.db, other, { tickets: 1 });
  [{ id: ownTicket }] = await h.db.query('SELECT id FROM support_tickets WHERE subscriber_id = ?', [own]);
  [{ id: otherTicket }] = await h.db.query('SELECT id FROM support_tickets WHERE subscriber_id = ?', [other]);
});
afterAll(() => h.close());

type Who = Role | 'NONE';
type Expect = 'ok' | 'null' | string; // a denial reason
const ALL: Who[] = [
  Role.ADMIN,
  Role.SUPPORT,
  Role.BILLING,
  Role.COMPLIANCE,
  Role.REPORTING,
  Role.CUSTOMER,
  'NONE',
];

const queries: Record<string, { query: () => string; expect: Record<Who, Expect> }> = {
  me: {
    query: () => '{ me { id } }',
    expect: {
      ADMIN: 'ROLE_NOT_PERMITTED',
      SUPPORT: 'ROLE_NOT_PERMITTED',
      BILLING: 'ROLE_NOT_PERMITTED',
      COMPLIANCE: 'ROLE_NOT_PERMITTED',
      REPORTING: 'AGGREGATES_ONLY',
      CUSTOMER: 'ok',
      NONE: 'TOKEN_MISSING',
    },
  },
  'subscriber(own)': {
    query: () => `{ subscriber(id: "${own}") { id name } }`,
    expect: {
      ADMIN: 'ok',
      SUPPORT: 'ok',
      BILLING: 'ok',
      COMPLIANCE: 'ok',
      REPORTING: 'AGGREGATES_ONLY',
      CUSTOMER: 'ok',
      NONE: 'TOKEN_MISSING',
    },
  },
  'subscriber(other)': {
    query: () => `{ subscriber(id: "${other}") { id name } }`,
    expect: {
      ADMIN: 'ok',
      SUPPORT: 'ok',
      BILLING: 'ok',
      COMPLIANCE: 'ok',
      REPORTING: 'AGGREGATES_ONLY',
      CUSTOMER: 'NOT_FOUND',
      NONE: 'TOKEN_MISSING',
    },
  },
  subscribers: {
    query: () => '{ subscribers { edges { node { id } } } }',
    expect: {
      ADMIN: 'ok',
      SUPPORT: 'ok',
      BILLING: 'ok',
      COMPLIANCE: 'ok',
      REPORTING: 'AGGREGATES_ONLY',
      CUSTOMER: 'ROLE_NOT_PERMITTED',
      NONE: 'TOKEN_MISSING',
    },
  },
  'supportTicket(own)': {
    query: () => `{ supportTicket(id: "${ownTicket}") { id subject } }`,
    expect: {
      ADMIN: 'ok',
      SUPPORT: 'ok',
      BILLING: 'ROLE_NOT_PERMITTED',
      COMPLIANCE: 'ROLE_NOT_PERMITTED',
      REPORTING: 'AGGREGATES_ONLY',
      CUSTOMER: 'ok',
      NONE: 'TOKEN_MISSING',
    },
  },
  'supportTicket(other)': {
    query: () => `{ supportTicket(id: "${otherTicket}") { id subject } }`,
    expect: {
      ADMIN: 'ok',
      SUPPORT: 'ok',
      BILLING: 'ROLE_NOT_PERMITTED',
      COMPLIANCE: 'ROLE_NOT_PERMITTED',
      REPORTING: 'AGGREGATES_ONLY',
      CUSTOMER: 'NOT_FOUND',
      NONE: 'TOKEN_MISSING',
    },
  },
  supportTickets: {
    query: () => '{ supportTickets { edges { node { id } } } }',
    expect: {
      ADMIN: 'ok',
      SUPPORT: 'ok',
      BILLING: 'ROLE_NOT_PERMITTED',
      COMPLIANCE: 'ROLE_NOT_PERMITTED',
      REPORTING: 'AGGREGATES_ONLY',
      CUSTOMER: 'ok',
      NONE: 'TOKEN_MISSING',
    },
  },
};

const cases = Object.entries(queries).flatMap(([name, spec]) =>
  ALL.map((who) => [name, who, spec.expect[who]] as const),
);

test.each(cases)('%s as %s → %s', async (name, who, expected) => {
  const token = who === 'NONE' ? null : await h.token(who, who === Role.CUSTOMER ? own : undefined);
  const result = await h.run(queries[name].query(), { token });
  if (expected === 'ok') {
    expect(result.errors).toBeUndefined();
    const value = Object.values(result.data ?? {})[0];
    expect(value).not.toBeNull();
  } else {
    expect(errorOf(result)?.reason).toBe(expected);
    expect(Object.values(result.data ?? { x: null })[0]).toBeNull();
  }
});

test('a customer lists only its own tickets, filtered in SQL', async () => {
  const result = await h.run<{ supportTickets: { totalCount: number; edges: { node: { id: string } }[] } }>(
    '{ supportTickets { totalCount edges { node { id } } } }',
    { token: await h.token(Role.CUSTOMER, own) },
  );
  expect(result.data?.supportTickets.edges.map((e) => e.node.id)).toEqual([String(ownTicket)]);
  expect(result.data?.supportTickets.totalCount).toBe(1);
});

test('the customer relation fields of its own subscriber are open; billing stays behind the gate', async () => {
  const result = await h.run(
    `{ me { sessions { totalCount } supportTickets { totalCount } payments { totalCount } } }`,
    { token: await h.token(Role.CUSTOMER, own) },
  );
  expect(result.data?.me).toMatchObject({
    sessions: { totalCount: 0 },
    supportTickets: { totalCount: 1 },
    payments: null,
  });
  expect(result.errors?.map((e) => [e.path?.join('.'), e.extensions?.reason])).toEqual([
    ['me.payments', 'ID_VERIFICATION_REQUIRED'],
  ]);
});

test.each([
  [Role.BILLING, 'sessions', 'ROLE_NOT_PERMITTED'],
  [Role.BILLING, 'supportTickets', 'ROLE_NOT_PERMITTED'],
  [Role.COMPLIANCE, 'sessions', 'CATEGORY_NOT_COVERED'],
  [Role.COMPLIANCE, 'supportTickets', 'CATEGORY_NOT_COVERED'],
  [Role.SUPPORT, 'payments', 'ID_VERIFICATION_REQUIRED'],
  [Role.ADMIN, 'payments', 'ID_VERIFICATION_REQUIRED'],
])('%s reading Subscriber.%s → %s, the rest is served', async (role, field, reason) => {
  const result = await h.run(`{ subscriber(id: "${own}") { id ${field} { totalCount } } }`, {
    token: await h.token(role),
  });
  expect(result.data?.subscriber).toEqual({ id: own, [field]: null });
  expect(errorOf(result)).toMatchObject({ code: 'FORBIDDEN', reason, path: ['subscriber', field] });
});
