import 'reflect-metadata';
import { createPool } from 'mysql2/promise';
import { Role } from '../../src/auth/roles';
import { config } from '../../src/config';
import { createLogger } from '../../src/logger';
import { createDataSource } from '../../src/data-source';
import { ensureDatabase, migrateWithLock } from '../../src/database/bootstrap';
import { createServer } from '../../src/server';
import { signToken } from '../../src/auth/token';
import { newRequestStore } from '../../src/common/request-store';
import { seedDatabase } from '../../src/seed/seed-database';

/**
 * `npm run bench`: times each report field and the dashboard list queries through the
 * whole server (shield, resolvers, SQL) on BENCH_DATABASE_URL (default kacmac_bench),
 * seeding 10 000 subscribers / ~1 000 000 sessions / ~200 000 tickets first when the
 * database is empty. Prints the median of RUNS runs per operation. Not a test: figures
 * depend on the machine (see docs/performance.md).
 */
const DATABASE_URL = process.env.BENCH_DATABASE_URL ?? 'mysql://root@127.0.0.1:3306/kacmac_bench';
const RUNS = Number(process.env.BENCH_RUNS ?? 7);

const YEAR = 'from: "2025-11-01T00:00:00Z", to: "2026-11-01T00:00:00Z"';
const OPERATIONS: [string, string][] = [
  ['report.subscribersByStatus', '{ report { subscribersByStatus { key value } } }'],
  ['report.signupsByMonth', '{ report { signupsByMonth { key value } } }'],
  ['report.cancellationsByMonth', '{ report { cancellationsByMonth { key value } } }'],
  ['report.revenueCentsByMonth', '{ report { revenueCentsByMonth { key value } } }'],
  ['report.sessionsByDay (366 days)', `{ report { sessionsByDay(${YEAR}) { key value } } }`],
  [
    'report.sessionsByDay (31 days)',
    '{ report { sessionsByDay(from: "2026-10-01T00:00:00Z", to: "2026-11-01T00:00:00Z") { key value } } }',
  ],
  ['report.ticketsByStatus', '{ report { ticketsByStatus { key value } } }'],
  ['report.inquiriesByProduct', '{ report { inquiriesByProduct { key value } } }'],
  ['subscribers(first: 50)', '{ subscribers(first: 50) { edges { node { id name } } } }'],
  ['subscribers(first: 50) + totalCount', '{ subscribers(first: 50) { edges { node { id } } totalCount } }'],
  [
    'subscribers(status: CANCELLED)',
    '{ subscribers(first: 50, filter: { status: CANCELLED }) { edges { node { id } } } }',
  ],
  [
    'subscribers(search: name prefix)',
    '{ subscribers(first: 50, filter: { search: "Ada" }) { edges { node { id } } } }',
  ],
  [
    'subscribers(search: e-mail prefix)',
    '{ subscribers(first: 50, filter: { search: "ada.baker" }) { edges { node { id } } } }',
  ],
  [
    'subscribers(search: account number)',
    '{ subscribers(filter: { search: "KM1000079192" }) { edges { node { id } } } }',
  ],
  [
    'supportTickets(status: OPEN)',
    '{ supportTickets(first: 50, status: OPEN) { edges { node { id } } totalCount } }',
  ],
  ['supportTickets(first: 50)', '{ supportTickets(first: 50) { edges { node { id status } } } }'],
  [
    '50 subscribers with sessions and tickets',
    '{ subscribers(first: 50) { edges { node { id sessions(first: 10) { edges { node { id } } } supportTickets(first: 10) { edges { node { id } } } } } } }',
  ],
];

async function seedIfEmpty(): Promise<void> {
  await ensureDatabase(DATABASE_URL);
  const db = createDataSource({ url: DATABASE_URL, poolSize: 2, replicaUrls: [] });
  await db.initialize();
  try {
    await migrateWithLock(db);
    const [row] = await db.query('SELECT COUNT(*) AS n FROM subscribers');
    if (Number(row.n) > 0) return void console.log(`using the ${row.n} subscribers already in the database`);
    const pool = createPool({ uri: DATABASE_URL, connectionLimit: 8, timezone: 'Z' });
    const started = Date.now();
    try {
      const counts = await seedDatabase(
        pool,
        {
          subscribers: 10_000,
          sessionsPerSubscriber: 100,
          ticketsPerSubscriber: 20,
          inquiriesPerSubscriber: 1,
          seed: 42,
          batchSize: 2000,
          now: new Date('2026-11-01T00:00:00Z'),
          retentionMonths: 12,
        },
        (_counts, done, total) => done % 2000 === 0 && console.log(`seeded ${done}/${total} subscribers`),
      );
      console.log(`seeded in ${((Date.now() - started) / 1000).toFixed(1)}s: ${JSON.stringify(counts)}`);
    } finally {
      await pool.end();
    }
    await db.query('ANALYZE TABLE subscribers, sessions, payments, support_tickets, product_inquiries');
  } finally {
    await db.destroy();
  }
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

async function main(): Promise<void> {
  await seedIfEmpty();
  const db = createDataSource({ url: DATABASE_URL, poolSize: 5, replicaUrls: [] });
  await db.initialize();
  const server = await createServer({ db, config: config(), log: createLogger('silent') });
  try {
    const tokens = {
      [Role.REPORTING]: await signToken(server.tokenSettings, { sub: 'bench', role: Role.REPORTING }, '1h'),
      [Role.ADMIN]: await signToken(server.tokenSettings, { sub: 'bench', role: Role.ADMIN }, '1h'),
    };
    console.log(`\nmedian of ${RUNS} runs (after one warm-up), ms:`);
    for (const [name, query] of OPERATIONS) {
      const token = name.startsWith('report') ? tokens[Role.REPORTING] : tokens[Role.ADMIN];
      const times: number[] = [];
      for (let run = 0; run <= RUNS; run++) {
        const store = newRequestStore();
        const started = process.hrtime.bigint();
        const response = await server.apollo.executeOperation(
          { query },
          { contextValue: await server.contextFor(`Bearer ${token}`, store) },
        );
        const ms = Number(process.hrtime.bigint() - started) / 1e6;
        if (response.body.kind === 'single' && response.body.singleResult.errors) {
          throw new Error(`${name}: ${JSON.stringify(response.body.singleResult.errors)}`);
        }
        if (run > 0) times.push(ms);
      }
      console.log(`${name.padEnd(45)} ${median(times).toFixed(1).padStart(8)}`);
    }
  } finally {
    await server.apollo.stop();
    await db.destroy();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
});
