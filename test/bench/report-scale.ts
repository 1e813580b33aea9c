import 'reflect-metadata';
import type { DataSource } from 'typeorm';
import { Role } from '../../src/auth/roles';
import { config } from '../../src/config';
import { createLogger } from '../../src/logger';
import { createDataSource } from '../../src/data-source';
import { migrateWithLock } from '../../src/database/bootstrap';
import { AppServer, createServer } from '../../src/server';
import { signToken } from '../../src/auth/token';
import { newRequestStore } from '../../src/common/request-store';

/**
 * `npm run bench:scale`: the median time of each report field over a year, and of the
 * dashboard list's totalCount, through the whole server, on databases seeded beforehand
 * with `npm run seed`: BENCH_DATABASE_URL names one, or several separated by commas
 * (e.g. 1 M and 10 M sessions). With several, the runs alternate between them, so that
 * the load of a shared machine falls on all alike; one column per database. Migrates
 * first, so a database seeded before the roll-ups were added is backfilled. Not a test:
 * figures depend on the machine (docs/performance.md).
 */
const DATABASE_URLS = (process.env.BENCH_DATABASE_URL ?? '').split(',').filter(Boolean);
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
async function sizes(db: DataSource): Promise<string> {
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

type Target = { name: string; db: DataSource; server: AppServer; tokens: Record<'report' | 'list', string> };

async function open(url: string): Promise<Target> {
  const db = createDataSource({ url, poolSize: 5, replicaUrls: [] });
  await db.initialize();
  const started = Date.now();
  const applied = await migrateWithLock(db);
  if (applied.length) console.log(`applied ${applied.join(', ')} in ${(Date.now() - started) / 1000}s`);
  const server = await createServer({ db, config: config(), log: createLogger('silent') });
  const name = new URL(url).pathname.slice(1);
  console.log(`${name}: ${await sizes(db)}`);
  const tokens = {
    report: await signToken(server.tokenSettings, { sub: 'bench', role: Role.REPORTING }, '1h'),
    list: await signToken(server.tokenSettings, { sub: 'bench', role: Role.ADMIN }, '1h'),
  };
  return { name, db, server, tokens };
}

async function timeOnce(target: Target, name: string, query: string): Promise<number> {
  const token = name.startsWith('report') ? target.tokens.report : target.tokens.list;
  const store = newRequestStore();
  const started = process.hrtime.bigint();
  const response = await target.server.apollo.executeOperation(
    { query },
    { contextValue: await target.server.contextFor(`Bearer ${token}`, store) },
  );
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  if (response.body.kind === 'single' && response.body.singleResult.errors) {
    throw new Error(`${name}: ${JSON.stringify(response.body.singleResult.errors)}`);
  }
  return ms;
}

async function main(): Promise<void> {
  if (DATABASE_URLS.length === 0) {
    throw new Error('set BENCH_DATABASE_URL to databases seeded with npm run seed (comma-separated)');
  }
  const targets: Target[] = [];
  try {
    for (const url of DATABASE_URLS) targets.push(await open(url));
    console.log(`median of ${RUNS} runs (after one warm-up), ms:`);
    console.log(`${''.padEnd(40)}${targets.map((t) => t.name.padStart(24)).join('')}`);
    for (const [name, query] of OPERATIONS) {
      const times: number[][] = targets.map(() => []);
      for (let run = 0; run <= RUNS; run++) {
        for (const [i, target] of targets.entries()) {
          const ms = await timeOnce(target, name, query);
          if (run > 0) times[i].push(ms);
        }
      }
      console.log(`${name.padEnd(40)}${times.map((t) => median(t).toFixed(1).padStart(24)).join('')}`);
    }
  } finally {
    for (const target of targets) {
      await target.server.apollo.stop();
      await target.db.destroy();
    }
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
});
