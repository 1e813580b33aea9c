import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Role } from '../../../src/auth/roles';
import { startHarness, Harness, resetData } from '../../helpers/harness';
import { insertSubscriber, insertHistory } from '../../helpers/fixtures';
import { encodeCursor } from '../../../src/paging/pagination';
import { SUBSCRIBER_ORDER } from '../../../src/modules/subscriber/subscriber.service';

/**
 * docs/design.md section 7: SQL statements per request grow with the depth of the query,
 * never with the length of a list.
 */
let h: Harness;
beforeAll(async () => {
  h = await startHarness();
  await resetData(h.db);
  for (let i = 0; i < 50; i++) {
    const s = await insertSubscriber(h.db);
    await insertHistory(h.db, s.id, { sessions: 3, payments: 2, tickets: i % 3 === 0 ? 2 : 1 });
  }
});
afterAll(() => h.close());

const PAGE = `query($first: Int!) {
  subscribers(first: $first) {
    totalCount
    edges { node {
      id accountNumber name email address { city }
      sessions(first: 2) { totalCount edges { node { ipAddress startedAt } } }
      payments(first: 2) { edges { node { amountCents } } }
      supportTickets(first: 5) { totalCount edges { node { subject messages { body } subscriber { id } } } }
    } }
  }
}`;

test('a page of 50 subscribers with sessions, payments and tickets costs as many statements as a page of 5', async () => {
  const token = await h.token(Role.SUPPORT);
  const small = await h.run<{ subscribers: { edges: unknown[] } }>(PAGE, { token, variables: { first: 5 } });
  const large = await h.run<{ subscribers: { edges: unknown[] } }>(PAGE, { token, variables: { first: 50 } });
  expect(small.data?.subscribers.edges).toHaveLength(5);
  expect(large.data?.subscribers.edges).toHaveLength(50);
  expect(large.sqlStatements).toBe(small.sqlStatements);
  // The statements are few: the page, its count, one per relation (+ its count), messages, owners.
  expect(large.sqlStatements).toBeLessThanOrEqual(10);
});

test('totalCount is read in the statement of the page, and only when selected', async () => {
  const token = await h.token(Role.SUPPORT);
  const [{ n }] = await h.db.query('SELECT COUNT(*) AS n FROM subscribers');
  const without = await h.run('{ subscribers(first: 10) { edges { node { id } } } }', { token });
  const withCount = await h.run<{ subscribers: { totalCount: number } }>(
    '{ subscribers(first: 10) { totalCount edges { node { id } } } }',
    { token },
  );
  expect(withCount.data?.subscribers.totalCount).toBe(Number(n));
  expect(withCount.sqlStatements).toBe(without.sqlStatements);
  // Through a fragment too.
  const viaFragment = await h.run<{ subscribers: { totalCount: number } }>(
    '{ subscribers(first: 10) { ...Total edges { node { id } } } } fragment Total on SubscriberConnection { totalCount }',
    { token },
  );
  expect(viaFragment.data?.subscribers.totalCount).toBe(Number(n));
  expect(viaFragment.sqlStatements).toBe(without.sqlStatements);
  // A page past the end has no row to carry the total: it is counted on its own.
  const [{ lowest }] = await h.db.query('SELECT MIN(id) AS lowest FROM subscribers');
  const after = encodeCursor(SUBSCRIBER_ORDER, [String(lowest)]);
  const past = await h.run<{ subscribers: { totalCount: number; edges: unknown[] } }>(
    `{ subscribers(first: 10, after: "${after}") { totalCount edges { node { id } } } }`,
    { token },
  );
  expect(past.data?.subscribers.edges).toEqual([]);
  expect(past.data?.subscribers.totalCount).toBe(Number(n));
});

const DASHBOARD = JSON.parse(
  readFileSync(join(__dirname, '..', '..', 'bench', 'dashboard-query.json'), 'utf8'),
) as { query: string };

test('the admin dashboard costs four statements: page with its count, gate facts, sessions, tickets', async () => {
  const token = await h.token(Role.ADMIN);
  const result = await h.run<{ subscribers: { edges: unknown[] } }>(DASHBOARD.query, { token });
  expect(result.errors).toBeUndefined();
  expect(result.data?.subscribers.edges).toHaveLength(50);
  // The gate's two facts (verifications, exceptions) are read in one statement.
  expect(result.sqlStatements).toBeLessThanOrEqual(4);
});
