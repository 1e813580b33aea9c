import 'reflect-metadata';
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import autocannon from 'autocannon';
import type { Connection } from 'mysql2/promise';
import { Role } from '../../src/auth/roles';
import { signToken } from '../../src/auth/token';
import { ServerProcess, startServerProcess } from '../helpers/server-process';
import { benchQueries, BenchQuery } from './http-queries';
import {
  admin,
  BILLING_ACTOR,
  database,
  DATABASE_URL,
  ensureSeeded,
  verifyBillingPage,
} from './http-database';

/**
 * `npm run bench:http`: the built server (`dist/`, NODE_ENV=production) on seeded data in a
 * database of its own (BENCH_DATABASE_URL, default `kacmac_bench_http`, seeded with the seed
 * command when empty: BENCH_SUBSCRIBERS, 100 sessions and 2 tickets each), loaded with
 * autocannon query by query. Prints, per query: req/s, p50/p99, server CPU ms per request
 * (/proc of the server process), database CPU ms per request (/proc of mariadbd, which other
 * clients of the machine share, and MariaDB's own figure for the server's database user),
 * statements per request (MariaDB user statistics of that user, which nobody else uses), RSS.
 * Options: BENCH_SECONDS (15), BENCH_CONNECTIONS (10), BENCH_ONLY (comma-separated names),
 * BENCH_PROFILE (a directory: the server writes a `node --cpu-prof` profile there when stopped),
 * BENCH_REQUESTS (RSS mode: that many dashboard requests, RSS after warm-up and at the end).
 * A benchmark, not a test: CI does not run it.
 */
const SECONDS = Number(process.env.BENCH_SECONDS ?? 15);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 10);
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 0);
const BENCH_USER = 'kacmac_bench_http';
const root = join(__dirname, '..', '..');
const key = () => randomBytes(32).toString('base64');
const SECRET = randomBytes(32).toString('hex');

/**
 * The server connects as a user of its own, so MariaDB's user statistics count its
 * statements and CPU apart from everything else on the machine.
 */
async function ensureBenchUser(db: Connection, password: string): Promise<void> {
  await db.query(`CREATE USER IF NOT EXISTS '${BENCH_USER}'@'%' IDENTIFIED BY '${password}'`);
  await db.query(`ALTER USER '${BENCH_USER}'@'%' IDENTIFIED BY '${password}'`);
  await db.query(`GRANT ALL PRIVILEGES ON \`${database}\`.* TO '${BENCH_USER}'@'%'`);
}

interface UserStats {
  statements: number;
  cpuSeconds: number;
}

async function userStats(db: Connection): Promise<UserStats> {
  const [rows] = await db.query(
    `SELECT SELECT_COMMANDS + UPDATE_COMMANDS + OTHER_COMMANDS AS statements, CPU_TIME AS cpu
       FROM information_schema.USER_STATISTICS WHERE USER = ?`,
    [BENCH_USER],
  );
  const row = (rows as { statements: number; cpu: number }[])[0];
  return { statements: Number(row?.statements ?? 0), cpuSeconds: Number(row?.cpu ?? 0) };
}

const HZ = Number(execFileSync('getconf', ['CLK_TCK']).toString().trim());
function cpuTicks(pids: number[]): number {
  let total = 0;
  for (const pid of pids) {
    try {
      const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
      total += Number(fields[11]) + Number(fields[12]);
    } catch {
      // gone
    }
  }
  return total;
}
function mariadbPids(): number[] {
  const found = spawnSync('pgrep', ['-x', 'mariadbd']).stdout.toString().trim();
  return found ? found.split('\n').map(Number) : [];
}
function rssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
}

function load(server: ServerProcess, query: BenchQuery, options: { seconds?: number; amount?: number }) {
  let turn = 0;
  return autocannon({
    url: `${server.url}/graphql`,
    connections: CONNECTIONS,
    ...(options.amount ? { amount: options.amount } : { duration: options.seconds }),
    requests: [
      {
        method: 'POST',
        body: query.body,
        setupRequest: (request) => ({
          ...request,
          headers: {
            'content-type': 'application/json',
            authorization: `Bearer ${query.tokens[turn++ % query.tokens.length]}`,
          },
        }),
      },
    ],
  });
}

async function check(server: ServerProcess, query: BenchQuery): Promise<void> {
  const response = await fetch(`${server.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${query.tokens[0]}` },
    body: query.body,
  });
  const text = await response.text();
  const denied = query.expectDenied && text.includes('"errors"');
  if (response.status !== 200 || (text.includes('"errors"') && !denied)) {
    throw new Error(`${query.name} answered ${response.status}: ${text.slice(0, 400)}`);
  }
}

async function measure(server: ServerProcess, stats: Connection, query: BenchQuery): Promise<void> {
  await check(server, query);
  await load(server, query, { seconds: Math.min(5, SECONDS) }); // warm-up
  const pid = server.child.pid!;
  const dbPids = mariadbPids();
  const [s1, d1, u1] = [cpuTicks([pid]), cpuTicks(dbPids), await userStats(stats)];
  const result = await load(server, query, { seconds: SECONDS });
  const [s2, d2, u2] = [cpuTicks([pid]), cpuTicks(dbPids), await userStats(stats)];
  const n = Math.max(1, result.requests.total);
  const perRequest = (ticks: number) => ((ticks / HZ) * 1000) / n;
  console.log(
    [
      query.name.padEnd(16),
      `${result.requests.average.toFixed(1).padStart(7)} req/s`,
      `p50 ${String(result.latency.p50).padStart(4)} ms`,
      `p99 ${String(result.latency.p99).padStart(4)} ms`,
      `server ${perRequest(s2 - s1).toFixed(2)} ms CPU/req`,
      `mariadbd ${perRequest(d2 - d1).toFixed(2)} ms CPU/req`,
      `(own user ${(((u2.cpuSeconds - u1.cpuSeconds) * 1000) / n).toFixed(2)})`,
      `statements/req ${((u2.statements - u1.statements) / n).toFixed(2)}`,
      `RSS ${rssMb(pid).toFixed(0)} MB`,
      `non-2xx ${result.non2xx + result.errors}`,
    ].join('  '),
  );
}

async function main(): Promise<void> {
  const db = await admin();
  const [userstat] = await db.query("SHOW GLOBAL VARIABLES LIKE 'userstat'");
  const userstatWas = (userstat as { Value: string }[])[0]?.Value ?? 'OFF';
  let server: ServerProcess | undefined;
  try {
    await ensureSeeded(db);
    const password = randomBytes(12).toString('hex');
    await ensureBenchUser(db, password);
    await verifyBillingPage(db, BILLING_ACTOR);
    await db.query('SET GLOBAL userstat = 1');
    const built = spawnSync('npm', ['run', '-s', 'build'], { cwd: root, stdio: 'inherit' });
    if (built.status !== 0) throw new Error('build failed');
    const userUrl = new URL(DATABASE_URL);
    userUrl.username = BENCH_USER;
    userUrl.password = password;
    server = await startServerProcess(
      {
        NODE_ENV: 'production',
        LOG_LEVEL: 'warn',
        DATABASE_URL: userUrl.toString(),
        DATABASE_MIGRATION_URL: DATABASE_URL,
        JWT_SECRET: SECRET,
        CARD_ENCRYPTION_KEY: key(),
        ACCESS_LOG_KEY: key(),
        RATE_LIMIT_ACTOR_PER_MINUTE: '1000000',
      },
      {
        timeoutMs: 180_000,
        entry: [
          ...(process.env.BENCH_PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROFILE}`] : []),
          // As `npm start` runs it (package.json): a larger young generation, see docs/performance.md.
          '--max-semi-space-size=64',
          'dist/src/main.js',
        ],
      },
    );
    const sign = (role: Role, sub: string) =>
      signToken({ secret: SECRET, issuer: 'kacmac', audience: 'kacmac-api' }, { sub, role }, '4h');
    const [customers] = await db.query(
      `SELECT id FROM \`${database}\`.subscribers WHERE status = 'ACTIVE' ORDER BY id LIMIT 100`,
    );
    const queries = await benchQueries(
      sign,
      (customers as { id: string }[]).map((r) => String(r.id)),
    );
    const only = process.env.BENCH_ONLY?.split(',');
    const dashboard = queries.find((q) => q.name === 'dashboard')!;
    if (REQUESTS > 0) {
      const pid = server.child.pid!;
      await load(server, dashboard, { amount: Math.min(5000, REQUESTS) });
      const warm = rssMb(pid);
      const t0 = performance.now();
      const result = await load(server, dashboard, { amount: REQUESTS });
      const end = rssMb(pid);
      console.log(
        `RSS over ${result.requests.total} dashboard requests (${((performance.now() - t0) / 1000).toFixed(0)} s, non-2xx ${result.non2xx + result.errors}): ` +
          `${warm.toFixed(0)} MB after warm-up, ${end.toFixed(0)} MB at the end (${(((end - warm) / warm) * 100).toFixed(1)} %)`,
      );
      return;
    }
    console.log(
      `database ${database}, ${CONNECTIONS} connections, ${SECONDS} s a query, ${spawnSync('nproc').stdout.toString().trim()} cores, load ${readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ')}`,
    );
    for (const query of queries) {
      if (!only || only.includes(query.name)) await measure(server, db, query);
    }
  } finally {
    await server?.stop();
    await db.query(`SET GLOBAL userstat = ${userstatWas === 'ON' ? 1 : 0}`).catch(() => undefined);
    await db.end();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
