import { dirname, join } from 'node:path';
import { Role } from '../../../src/auth/roles';
import { harnessForFile } from '../../helpers/harness';
import { insertHistory, insertSubscriber } from '../../helpers/fixtures';

/**
 * Field resolvers of resolver classes are called directly (src/common/direct-field-resolvers.ts),
 * not through type-graphql's per-call parameter machinery, with the same parameters.
 */
const h = harnessForFile();

/** type-graphql's own helpers module, as its resolvers load it (not among its public exports). */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const typeGraphqlHelpers = require(
  join(dirname(require.resolve('type-graphql')), 'resolvers', 'helpers.js'),
) as {
  getParams: (...args: unknown[]) => unknown;
};

beforeAll(async () => {
  for (let i = 0; i < 10; i++) {
    const s = await insertSubscriber(h.db);
    await insertHistory(h.db, s.id, { sessions: 3, payments: 0, tickets: 2 });
  }
});
afterEach(() => jest.restoreAllMocks());

const PAGE = `{ subscribers(first: 10) { edges { node { id
  billingAccess { granted }
  sessions(first: 2) { edges { node { startedAt } } pageInfo { hasNextPage } }
  supportTickets(status: OPEN, first: 1) { edges { node { subject status } } } } } } }`;

interface Page {
  subscribers: {
    edges: {
      node: {
        billingAccess: { granted: boolean };
        sessions: { edges: unknown[]; pageInfo: { hasNextPage: boolean } };
        supportTickets: { edges: { node: { status: string } }[] };
      };
    }[];
  };
}

test("a page of ten subscribers calls their field resolvers without type-graphql's parameter machinery", async () => {
  const getParams = jest.spyOn(typeGraphqlHelpers, 'getParams');
  const result = await h.run<Page>(PAGE, { token: await h.token(Role.ADMIN) });
  expect(result.errors).toBeUndefined();
  const nodes = result.data!.subscribers.edges.map((edge) => edge.node);
  expect(nodes).toHaveLength(10);
  // The arguments arrive as type-graphql would give them: first, the status enum.
  for (const node of nodes) {
    expect(node.billingAccess.granted).toBe(false);
    expect(node.sessions.edges).toHaveLength(2);
    expect(node.sessions.pageInfo.hasNextPage).toBe(true);
    expect(node.supportTickets.edges.length).toBeLessThanOrEqual(1);
    for (const ticket of node.supportTickets.edges) expect(ticket.node.status).toBe('OPEN');
  }
  // The finding: 30 calls (three field resolvers × ten subscribers); the root query keeps its own.
  expect(getParams.mock.calls.length).toBeLessThanOrEqual(1);
});

test('bad arguments are still refused with their reason', async () => {
  const result = await h.run(
    `{ subscribers(first: 2) { edges { node { sessions(first: 0) { edges { cursor } } } } } }`,
    {
      token: await h.token(Role.ADMIN),
    },
  );
  expect(result.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT' });
});
