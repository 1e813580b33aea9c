import 'reflect-metadata';
import { Role } from '../../src/auth/roles';
import { config } from '../../src/config';
import { createLogger } from '../../src/logger';
import { createDataSource } from '../../src/database/data-source';
import { migrateWithLock } from '../../src/database/bootstrap';
import { createServer } from '../../src/server';
import { signToken } from '../../src/auth/token';
import { newRequestStore, runInRequest } from '../../src/common/request-store';

/**
 * `npm run bench:scale`: the median time of each report field over a year, and of the
 * dashboard list's totalCount, through the whole server, on a database seeded
 * beforehand with `npm run seed` (BENCH_DATABASE_URL). Run it on databases of growing
 * size to see what grows with them (docs/performance.md). Migrates first, so a database
 * seeded before the roll-ups were added is backfilled. Not a test: figures depend on the
 * machine.
 */
const DATABASE_URL = process.env.BENCH_DATABASE_URL;
const RUNS = Number(process.env.BENCH_RUNS ?? 11);

const YEAR = 'from: "2025-11-01T00:00:00Z", to: "2026-11-01T00:00:00Z"';
const OPERATIONS: [string, string][] = [
  ['report.subscribersByStatus', '{ report { subscribersByStatus { key value } } }'],
  ['report.signupsByMonth (year)', `{ report { signupsByMonth(${YEAR}) { key value } } }`],
  ['report.cancellationsByMonth (year)', `{ report { cancellationsByMonth(${YEAR}) { key value } } }`],
  ['report.revenueCentsByMonth (year)', `{ report { revenueCentsByMonth(${YEAR}) { key value } } }`],
  ['report.sessionsByDay (366 days)', `{ report { sessionsByDay(${YEAR}) { key value } } }`],
  ['report.ticketsByStatus', '{ report { ticketsByStatus { key value } } }'],
  ['report.inquiriesByProduct', '{ report { inquiriesByProduct { key value } } }'],
  ['subscribers(first: 50) totalCount', '{ subscribers(first: 50) { totalCount } }'],
  [
    'subscribers(status: CANCELLED) totalCount',
    '{ subscribers(first: 50, filter: { status: CANCELLED }) { totalCount } }',
  ],
];

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

/** Table sizes from the roll-ups (a COUNT(*) of ten million rows would take longer than the bench). */
async function sizes(db: ReturnType<typeof createDataSource>): Promise<string> {
  const sum = async (table: string, report: string) => {
    const [row] = await db.query(`SELECT COALESCE(SUM(entries), 0) AS n FROM ${table} WHERE report = ?`, [
      report,
    ]);
    return Number(row.n).toLocaleString('en');
  };
  return [
    `subscribers ${await sum('subscriber_rollup', 'SUBSCRIBERS_BY_STATUS')}`,
    `sessions ${await sum('session_rollup', 'SESSIONS_BY_DAY')}`,
    `payments (succeeded or refunded) ${await sum('payment_rollup', 'REVENUE_CENTS_BY_MONTH')}`,
    `tickets ${await sum('support_ticket_rollup', 'TICKETS_BY_STATUS')}`,
  ].join(', ');
}

async function main(): Promise<void> {
  if (!DATABASE_URL) throw new Error('set BENCH_DATABASE_URL to a database seeded with npm run seed');
  const db = createDataSource({ url: DATABASE_URL, poolSize: 5, replicaUrls: [] });
  await db.initialize();
  const migrationStarted = Date.now();
  const applied = await migrateWithLock(db);
  if (applied.length)
    console.log(`applied ${applied.join(', ')} in ${(Date.now() - migrationStarted) / 1000}s`);
  const server = await createServer({ db, config: config(), log: createLogger('silent') });
  try {
    console.log(`${new URL(DATABASE_URL).pathname.slice(1)}: ${await sizes(db)}`);
    const tokens = {
      report: await signToken(server.tokenSettings, { sub: 'bench', role: Role.REPORTING }, '1h'),
      list: await signToken(server.tokenSettings, { sub: 'bench', role: Role.ADMIN }, '1h'),
    };
    console.log(`median of ${RUNS} runs (after one warm-up), ms:`);
    for (const [name, query] of OPERATIONS) {
      const token = name.startsWith('report') ? tokens.report : tokens.list;
      const times: number[] = [];
      for (let run = 0; run <= RUNS; run++) {
        const store = newRequestStore();
        const started = process.hrtime.bigint();
        const response = await runInRequest(store, async () =>
          server.apollo.executeOperation(
            { query },
            { contextValue: await server.contextFor(`Bearer ${token}`, store.requestId) },
          ),
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
