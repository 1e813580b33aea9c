import { buildSchema, print } from 'graphql';
import { buildBareSchema } from '../../src/schema';
import { exportPlan } from '../../src/modules/export/export-plan';

/** The export's reads are derived from the types: what they declare is what it reads. */
const BASE = `
  type Query { me: Subscriber privacyPolicy: PolicyVersion }
  type PolicyVersion { version: Int! postedAt: String! effectiveAt: String! }
  type PageInfo { hasNextPage: Boolean! endCursor: String }
  type Session { id: ID! startedAt: String! }
  type SessionEdge { cursor: String! node: Session! }
  type SessionConnection { edges: [SessionEdge!]! pageInfo: PageInfo! totalCount: Int! }
  type Ticket { id: ID! subject: String! subscriber: Subscriber! }
`;

const withSubscriber = (fields: string) =>
  buildSchema(`${BASE} type Subscriber { id: ID! ${fields} }`, { assumeValidSDL: false });

const compact = (text: string) => text.replace(/\s+/g, ' ');

test('a field added to a type is read by the export without touching it', () => {
  const before = exportPlan(withSubscriber('tickets: [Ticket!]'));
  const after = exportPlan(withSubscriber('tickets: [Ticket!] loyaltyTier: String'));
  expect(print(before.head)).not.toContain('loyaltyTier');
  expect(print(after.head)).toContain('loyaltyTier');
});

test('a back-reference to the subscriber is not followed; a connection is paged on its own', () => {
  const plan = exportPlan(
    withSubscriber('tickets: [Ticket!] sessions(first: Int, after: String): SessionConnection'),
  );
  const head = compact(print(plan.head));
  expect(head).toContain('tickets { id subject }');
  expect(head).not.toContain('sessions');
  expect(plan.pages.map((p) => p.field)).toEqual(['sessions']);
  expect(compact(print(plan.pages[0].document))).toContain(
    'sessions(first: $first, after: $after) { edges { node { id startedAt } } pageInfo { hasNextPage endCursor } }',
  );
});

test('what the export could not read completely stops the plan instead of being skipped', () => {
  expect(() => exportPlan(withSubscriber('usage(month: String!): Int'))).toThrow(
    'export: Subscriber.usage needs arguments (month)',
  );
  expect(() =>
    exportPlan(
      buildSchema(
        `${BASE.replace('type Ticket { id: ID!', 'type Ticket { id: ID! sessions(first: Int, after: String): SessionConnection')}
         type Subscriber { id: ID! tickets: [Ticket!] }`,
      ),
    ),
  ).toThrow('export: Ticket.sessions is a connection below Subscriber');
});

test('the served schema: every type below Subscriber, its three histories paged', () => {
  const plan = exportPlan(buildBareSchema());
  expect(plan.pages.map((p) => p.field).sort()).toEqual(['payments', 'sessions', 'supportTickets']);
  expect(plan.types).toEqual(
    expect.arrayContaining([
      'Subscriber',
      'PostalAddress',
      'BillingProfile',
      'Payment',
      'Session',
      'SupportTicket',
      'TicketMessage',
      'ProductInquiry',
      'SurveyResponse',
      'CommunicationPreferences',
      'DomainRegistration',
      'IdentityVerification',
    ]),
  );
});
