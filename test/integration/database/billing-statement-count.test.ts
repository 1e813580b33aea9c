import { Role } from '../../../src/auth/roles';
import * as decisions from '../../../src/access/decisions';
import { DataCategory } from '../../../src/access/categories';
import { harnessForFile } from '../../helpers/harness';
import { SqlLogger } from '../../../src/database/sql-logger';
import { entriesSince, insertBillingSubscriber, logMark } from '../../helpers/privacy-fixtures';

/**
 * docs/design.md section 7: statements grow with the depth of a query, never with the length
 * of a list — billing and payments (gate facts, profiles, payment pages, the access-log
 * write) included.
 */
const h = harnessForFile();
beforeAll(async () => {
  for (let i = 0; i < 50; i++) {
    await insertBillingSubscriber(h.db, { history: { payments: 3 }, verifiedFor: 'billing-s' });
  }
});

const PAGE = `query P($first: Int!) { subscribers(first: $first) { edges { node {
  id name billingAccess { granted }
  billing { cardBrand cardLast4 maskedCardNumber billingAddress { city } }
  payments(first: 2) { totalCount edges { node { id amountCents paidAt } } }
} } } }`;

test('a page of 50 subscribers with billing and payments costs as many statements as a page of 5', async () => {
  const token = await h.token(Role.BILLING, 'billing-s');
  // The process's first append locks the chain's head before it writes (six statements);
  // the next ones, onto the head it left, do not (five). Both pages are measured after one.
  expect((await h.run(PAGE, { token, variables: { first: 1 } })).errors).toBeUndefined();
  const counts: number[] = [];
  for (const first of [5, 50]) {
    const mark = await logMark(h.db);
    const result = await h.run<{
      subscribers: { edges: { node: { billing: unknown; payments: unknown } }[] };
    }>(PAGE, {
      token,
      variables: { first },
    });
    expect(result.errors).toBeUndefined();
    expect(result.data!.subscribers.edges).toHaveLength(first);
    expect(result.data!.subscribers.edges.every((e) => e.node.billing && e.node.payments)).toBe(true);
    // One entry per subscriber, all written by the request's single insert.
    expect(await entriesSince(h.db, mark)).toHaveLength(first);
    counts.push(result.sqlStatements);
  }
  console.log(`SQL statements: page of 5 → ${counts[0]}, page of 50 → ${counts[1]}`);
  expect(counts[1]).toBe(counts[0]);
});

test('the billing gate is decided once per subscriber of the page, not per field of every payment', async () => {
  const token = await h.token(Role.BILLING, 'billing-s');
  const decide = jest.spyOn(decisions, 'decideCategory');
  try {
    const result = await h.run(PAGE, { token, variables: { first: 10 } });
    expect(result.errors).toBeUndefined();
    const billingCalls = decide.mock.calls.filter(([, category]) => category === DataCategory.BILLING);
    // 10 subscribers × (billing, 4 billing fields, payments, 2 payments × 2 fields) would ask 100 times.
    expect(billingCalls).toHaveLength(10);
  } finally {
    decide.mockRestore();
  }
});

test("the page's billing profiles are one plain statement of the served columns, each read by key", async () => {
  const token = await h.token(Role.BILLING, 'billing-s');
  const statements: { sql: string; params: unknown[] }[] = [];
  const logged = jest.spyOn(SqlLogger.prototype, 'logQuery').mockImplementation((sql, params) => {
    statements.push({ sql, params: params ?? [] });
  });
  let result;
  try {
    result = await h.run(PAGE, { token, variables: { first: 20 } });
  } finally {
    logged.mockRestore();
  }
  expect(result.errors).toBeUndefined();
  const profiles = statements.filter((s) => /billing_profiles/.test(s.sql));
  expect(profiles).toHaveLength(1);
  const [{ sql, params }] = profiles;
  // TypeORM's builder aliased every column (`BillingProfileEntity`...); the ciphertext never.
  expect(sql).not.toMatch(/BillingProfileEntity|card_ciphertext|card_key_id/);
  const plan: { table: string; type: string }[] = await h.db.query(`EXPLAIN ${sql}`, params);
  expect(plan.find((row) => row.table === 'b')?.type).toBe('eq_ref');
});
