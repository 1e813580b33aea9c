import 'reflect-metadata';
import { readFileSync } from 'node:fs';
import { Role } from '../../src/auth/roles';
import { config } from '../../src/config';
import { signToken } from '../../src/auth/token';
import { createDataSource } from '../../src/data-source';
import { ensureDatabase, migrateWithLock } from '../../src/database/bootstrap';
import { graphql, ServerProcess, startServerProcess } from '../helpers/server-process';
import { seedDemoData } from '../helpers/demo-seed';

/**
 * `npm run bench:soak`: two server processes on one database under a mixed workload
 * (dashboard, customer app, audited billing page, mutations, reports) for SOAK_SECONDS,
 * SOAK_CONCURRENCY clients per instance. Prints throughput, errors and latency per kind,
 * each instance's RSS after warm-up and at the end, and the access-log chain's verification.
 * A benchmark, not a test: CI does not run it (docs/performance.md has figures).
 */
const DATABASE_URL = process.env.SOAK_DATABASE_URL ?? 'mysql://root@127.0.0.1:3306/kacmac_soak';
const SECONDS = Number(process.env.SOAK_SECONDS ?? 60);
const CONCURRENCY = Number(process.env.SOAK_CONCURRENCY ?? 8);
const WARMUP_MS = 5000;

const DASHBOARD = JSON.parse(readFileSync(`${__dirname}/dashboard-query.json`, 'utf8')).query as string;
const ME =
  '{ me { id name email sessions(first: 10) { edges { node { startedAt ipAddress } } } supportTickets(first: 10) { edges { node { id subject status } } } } }';
const BILLING_PAGE =
  '{ subscribers(first: 50) { edges { node { id billing { cardLast4 cardExpiry } payments(first: 5) { edges { node { amountCents paidAt } } } } } } }';
const OPEN_TICKET = 'mutation($input: OpenTicketInput!) { openSupportTicket(input: $input) { id status } }';
const REPORT =
  '{ report { sessionsByDay(from: "2026-10-01T00:00:00Z", to: "2026-11-01T00:00:00Z") { key value } subscribersByStatus { key value } } }';

async function prepare(): Promise<{ customers: string[]; pageIds: string[] }> {
  await ensureDatabase(DATABASE_URL);
  const db = createDataSource({ url: DATABASE_URL, poolSize: 2, replicaUrls: [] });
  await db.initialize();
  try {
    await migrateWithLock(db);
    const [row] = await db.query('SELECT COUNT(*) AS n FROM subscribers');
    if (Number(row.n) === 0) {
      const shape = {
        sessionsPerSubscriber: 20,
        ticketsPerSubscriber: 3,
        inquiriesPerSubscriber: 1,
        seed: 7,
      };
      const subscribers = Number(process.env.SOAK_SUBSCRIBERS ?? 2000);
      await seedDemoData(DATABASE_URL, { subscribers, ...shape }, 16);
      await db.query('ANALYZE TABLE subscribers, sessions, payments, support_tickets');
    }
    const customers = (
      await db.query("SELECT id FROM subscribers WHERE status = 'ACTIVE' ORDER BY id LIMIT 500")
    ).map((r: { id: string }) => String(r.id));
    const pageIds = (await db.query('SELECT id FROM subscribers ORDER BY id DESC LIMIT 50')).map(
      (r: { id: string }) => String(r.id),
    );
    // The audited page: the billing actor holds a current verification for each subscriber on it.
    await db.query("DELETE FROM identity_verifications WHERE granted_to = 'soak-billing'");
    for (const id of pageIds) {
      await db.query(
        `INSERT INTO identity_verifications (subscriber_id, document_type, verified_by, granted_to, verified_at, valid_until)
         VALUES (?, 'PASSPORT', 'soak-billing', 'soak-billing', NOW(3), NOW(3) + INTERVAL 2 HOUR)`,
        [id],
      );
    }
    return { customers, pageIds };
  } finally {
    await db.destroy();
  }
}

function rssMb(instance: ServerProcess): number {
  const status = readFileSync(`/proc/${instance.child.pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
}

interface Tally {
  ok: number;
  errors: number;
  latencies: number[];
}

async function main(): Promise<void> {
  const { customers } = await prepare();
  const cfg = config();
  const settings = { secret: cfg.JWT_SECRET, issuer: cfg.JWT_ISSUER, audience: cfg.JWT_AUDIENCE };
  const token = (role: Role, sub: string) => signToken(settings, { sub, role }, '2h');
  const tokens = {
    admin: await token(Role.ADMIN, 'soak-admin'),
    billing: await token(Role.BILLING, 'soak-billing'),
    reporting: await token(Role.REPORTING, 'soak-reporting'),
    compliance: await token(Role.COMPLIANCE, 'soak-compliance'),
    customers: await Promise.all(customers.slice(0, 200).map((id) => token(Role.CUSTOMER, id))),
  };
  const env = { DATABASE_URL, LOG_LEVEL: 'warn', NODE_ENV: 'development' };
  const instances = await Promise.all([startServerProcess(env), startServerProcess(env)]);
  const kinds = ['dashboard', 'customer', 'billing', 'mutation', 'report'] as const;
  const tally = Object.fromEntries(
    kinds.map((k) => [k, { ok: 0, errors: 0, latencies: [] as number[] }]),
  ) as Record<(typeof kinds)[number], Tally>;
  const started = Date.now();
  const end = started + WARMUP_MS + SECONDS * 1000;
  let rssStart: number[] = [];
  const sampler = setTimeout(() => (rssStart = instances.map(rssMb)), WARMUP_MS);

  const client = async (instance: ServerProcess, n: number) => {
    for (let i = n; Date.now() < end; i++) {
      const pick = i % 20;
      const customer = i % tokens.customers.length;
      const [kind, call] =
        pick < 8
          ? (['dashboard', () => graphql(instance.url, tokens.admin, DASHBOARD)] as const)
          : pick < 13
            ? (['customer', () => graphql(instance.url, tokens.customers[customer], ME)] as const)
            : pick < 16
              ? (['billing', () => graphql(instance.url, tokens.billing, BILLING_PAGE)] as const)
              : pick < 18
                ? ([
                    'mutation',
                    () =>
                      graphql(instance.url, tokens.customers[customer], OPEN_TICKET, {
                        input: { subject: 'Soak', body: 'Connection drops now and then', channel: 'WEB' },
                      }),
                  ] as const)
                : (['report', () => graphql(instance.url, tokens.reporting, REPORT)] as const);
      const t0 = performance.now();
      const result = await call().catch(() => ({ status: 0, body: { errors: ['network'] } }));
      const ms = performance.now() - t0;
      if (Date.now() - started < WARMUP_MS) continue;
      const entry = tally[kind];
      if (result.status === 200 && !result.body.errors) entry.ok++;
      else entry.errors++;
      entry.latencies.push(ms);
    }
  };
  await Promise.all(
    instances.flatMap((instance) => Array.from({ length: CONCURRENCY }, (_, n) => client(instance, n))),
  );
  clearTimeout(sampler);
  const rssEnd = instances.map(rssMb);
  const verification = await graphql(
    instances[0].url,
    tokens.compliance,
    '{ verifyAccessLog { ok checked firstBrokenId } }',
  );
  for (const instance of instances) await instance.stop();

  const pct = (values: number[], p: number) =>
    values.length
      ? [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor(values.length * p))]
      : 0;
  console.log(
    `\nsoak: 2 instances x ${CONCURRENCY} clients, ${SECONDS} s after ${WARMUP_MS / 1000} s warm-up\n`,
  );
  console.log('kind        requests   req/s  errors   p50 ms   p99 ms');
  let total = 0;
  let errors = 0;
  for (const kind of kinds) {
    const t = tally[kind];
    const n = t.ok + t.errors;
    total += n;
    errors += t.errors;
    console.log(
      `${kind.padEnd(10)} ${String(n).padStart(9)} ${(n / SECONDS).toFixed(1).padStart(7)} ${String(t.errors).padStart(7)}` +
        ` ${pct(t.latencies, 0.5).toFixed(1).padStart(8)} ${pct(t.latencies, 0.99).toFixed(1).padStart(8)}`,
    );
  }
  console.log(
    `${'all'.padEnd(10)} ${String(total).padStart(9)} ${(total / SECONDS).toFixed(1).padStart(7)} ${String(errors).padStart(7)}`,
  );
  instances.forEach((_, i) =>
    console.log(
      `instance ${i + 1} RSS: ${rssStart[i]?.toFixed(0)} MB after warm-up, ${rssEnd[i].toFixed(0)} MB at the end`,
    ),
  );
  console.log(
    `access-log chain: ${JSON.stringify((verification.body.data as { verifyAccessLog: unknown })?.verifyAccessLog ?? verification.body.errors)}`,
  );
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
});
