import { Role } from '../../../src/auth/roles';
import { SqlLogger } from '../../../src/database/sql-logger';
import { pageArgs } from '../../../src/paging/pagination';
import { PAYMENT_ORDER, paymentPages } from '../../../src/modules/billing/payment.loaders';
import { testDatabaseUrl } from '../../helpers/database-url';
import { seedDemoData } from '../../helpers/demo-seed';
import { Harness, resetData, startHarness } from '../../helpers/harness';

/**
 * EXPLAIN of every statement the dashboard lists and the report issue, on seeded data
 * (2 000 subscribers, ~100 000 sessions): none may read a big table with access type ALL.
 * The statements are captured as the server sends them (through the SQL logger).
 */
jest.setTimeout(180_000);

// The reports read the roll-ups (migrations/1764001100000-ReportRollups): each by its key too.
const BIG_TABLES = new Set([
  'subscribers',
  'sessions',
  'support_tickets',
  'payments',
  's',
  't',
  'subscriber_rollup',
  'session_rollup',
  'payment_rollup',
  'support_ticket_rollup',
]);

let h: Harness;
let admin: string;
const captured: { sql: string; params: unknown[] }[] = [];

beforeAll(async () => {
  h = await startHarness();
  await resetData(h.db);
  await seedDemoData(testDatabaseUrl(), {
    subscribers: 2000,
    sessionsPerSubscriber: 50,
    ticketsPerSubscriber: 5,
    inquiriesPerSubscriber: 1,
    seed: 7,
  });
  await h.db.query('ANALYZE TABLE subscribers, sessions, payments, support_tickets, product_inquiries');
  admin = await h.token(Role.ADMIN);
  jest.spyOn(SqlLogger.prototype, 'logQuery').mockImplementation((sql, params) => {
    captured.push({ sql, params: params ?? [] });
  });
});

afterAll(async () => {
  jest.restoreAllMocks();
  await resetData(h.db);
  await h.close();
});

interface PlanRow {
  table: string | null;
  type: string | null;
  key: string | null;
}

/** Runs `work`, then EXPLAINs each SELECT it issued; returns the plan rows on big tables. */
async function plansOf(work: () => Promise<unknown>): Promise<{ sql: string; plan: PlanRow[] }[]> {
  captured.length = 0;
  await work();
  const selects = captured.filter((c) => /^\s*\(?\s*SELECT/i.test(c.sql));
  expect(selects.length).toBeGreaterThan(0);
  const plans = [];
  for (const { sql, params } of selects) {
    const plan: PlanRow[] = await h.db.query(`EXPLAIN ${sql}`, params);
    plans.push({ sql, plan: plan.filter((row) => row.table !== null && BIG_TABLES.has(row.table)) });
  }
  return plans;
}

function expectNoFullScan(plans: { sql: string; plan: PlanRow[] }[]) {
  expect(plans.flatMap((p) => p.plan).length).toBeGreaterThan(0);
  if (process.env.SHOW_PLANS) console.log(JSON.stringify(plans, null, 1));
  for (const { sql, plan } of plans) {
    for (const row of plan) {
      expect({ sql, table: row.table, type: row.type }).toEqual({
        sql,
        table: row.table,
        type: expect.not.stringMatching(/^ALL$/),
      });
    }
  }
}

async function graphql(query: string) {
  const result = await h.run(query, { token: admin });
  expect(result.errors).toBeUndefined();
  return result.data as Record<string, { edges: { cursor: string; node: { accountNumber?: string } }[] }>;
}

const PAGE = 'edges { cursor node { id accountNumber } } pageInfo { endCursor } totalCount';

describe('dashboard list queries use indexes', () => {
  it('subscribers, unfiltered and by status, first page and next page', async () => {
    const first = await graphql(`{ subscribers(first: 20, filter: { status: CANCELLED }) { ${PAGE} } }`);
    const after = first.subscribers.edges[19].cursor;
    expectNoFullScan(
      await plansOf(async () => {
        await graphql(`{ subscribers(first: 20) { ${PAGE} } }`);
        await graphql(`{ subscribers(first: 20, filter: { status: CANCELLED }) { ${PAGE} } }`);
        await graphql(
          `{ subscribers(first: 20, after: "${after}", filter: { status: CANCELLED }) { ${PAGE} } }`,
        );
      }),
    );
  });

  it('subscribers by name prefix, e-mail prefix and account number, with and without status', async () => {
    const [row] = await h.db.query("SELECT account_number FROM subscribers WHERE status = 'ACTIVE' LIMIT 1");
    expectNoFullScan(
      await plansOf(async () => {
        await graphql(`{ subscribers(filter: { search: "Ada" }) { ${PAGE} } }`);
        await graphql(`{ subscribers(filter: { search: "ben.b" }) { ${PAGE} } }`);
        const byNumber = await graphql(
          `{ subscribers(filter: { search: "${row.account_number}" }) { ${PAGE} } }`,
        );
        expect(byNumber.subscribers.edges.map((e) => e.node.accountNumber)).toEqual([row.account_number]);
        await graphql(`{ subscribers(filter: { search: "Clara", status: ACTIVE }) { ${PAGE} } }`);
      }),
    );
  });

  it('supportTickets by status, first and next page', async () => {
    const first = await graphql(`
      {
        supportTickets(first: 20, status: OPEN) {
          edges {
            cursor
          }
        }
      }
    `);
    const after = first.supportTickets.edges[19].cursor;
    expectNoFullScan(
      await plansOf(async () => {
        await graphql(`
          {
            supportTickets(first: 20, status: OPEN) {
              edges {
                node {
                  id
                }
              }
              totalCount
            }
          }
        `);
        await graphql(
          `{ supportTickets(first: 20, after: "${after}", status: OPEN) { edges { node { id } } } }`,
        );
        await graphql(`
          {
            supportTickets(first: 20) {
              edges {
                node {
                  id
                }
              }
            }
          }
        `);
      }),
    );
  });

  it('pages of sessions, tickets and payments for a page of subscribers', async () => {
    expectNoFullScan(
      await plansOf(async () => {
        await graphql(`
          {
            subscribers(first: 50) {
              edges {
                node {
                  sessions(first: 10) {
                    edges {
                      node {
                        id
                      }
                    }
                    totalCount
                  }
                  supportTickets(first: 10) {
                    edges {
                      node {
                        id
                      }
                    }
                    totalCount
                  }
                }
              }
            }
          }
        `);
        // Payments sit behind the billing gate: their page loader is called directly.
        const ctx = await h.server.contextFor(`Bearer ${admin}`);
        const ids: { id: string }[] = await h.db.query(
          'SELECT id FROM subscribers ORDER BY id DESC LIMIT 50',
        );
        await paymentPages(ctx, pageArgs({ first: 10 }, PAYMENT_ORDER)).loadMany(
          ids.map((r) => String(r.id)),
        );
      }),
    );
  });
});

describe("the billing gate's facts", () => {
  // An IN list of a page's 50 ids is planned as 50 ranges on each of the two tables, every
  // time: a third of the statement's MariaDB time on this page. Joined to the ids as a
  // table, each fact table is read by `ref`, one index look-up per id, with no ranges to plan.
  it('are read by index look-up per subscriber of the page, from both tables', async () => {
    const plans = await plansOf(() =>
      graphql('{ subscribers(first: 50) { edges { node { billingAccess { granted } } } } }'),
    );
    const facts = plans.filter((p) => /identity_verifications/.test(p.sql));
    expect(facts).toHaveLength(1);
    const [{ sql }] = facts;
    const plan: { table: string | null; type: string | null }[] = await h.db.query(
      `EXPLAIN ${sql}`,
      captured.find((c) => c.sql === sql)!.params,
    );
    const types = Object.fromEntries(
      plan
        .filter(
          (row) => row.table === 'v' || row.table === 'e' || /verifications|exceptions/.test(row.table ?? ''),
        )
        .map((row) => [row.table, row.type]),
    );
    expect(Object.values(types)).toEqual(['ref', 'ref']);
  });
});

describe('report statements use indexes', () => {
  it('every aggregate of report', async () => {
    expectNoFullScan(
      await plansOf(async () => {
        await graphql(`
          {
            report {
              subscribersByStatus {
                key
              }
              signupsByMonth {
                key
              }
              cancellationsByMonth {
                key
              }
              revenueCentsByMonth {
                key
              }
              ticketsByStatus {
                key
              }
              inquiriesByProduct {
                key
              }
              sessionsByDay(from: "2025-11-01T00:00:00Z", to: "2026-11-01T00:00:00Z") {
                key
              }
            }
          }
        `);
      }),
    );
  });
});
