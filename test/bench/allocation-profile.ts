import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { Session } from 'node:inspector';
import { parse } from 'graphql';
import { compileQuery, isCompiledQuery } from 'graphql-jit';
import { Role } from '../../src/auth/roles';
import { authenticate, signToken, TokenSettings } from '../../src/auth/token';
import { createContext } from '../../src/context';
import { createLogger } from '../../src/logger';
import { newRequestStore } from '../../src/common/request-store';
import { actorOf, appendAccessLogNow } from '../../src/access-log/access-log.service';
import { admin, BILLING_ACTOR, DATABASE_URL, ensureSeeded, verifyBillingPage } from './http-database';
import { BILLING_PAGE_QUERY, DASHBOARD_BODY } from './http-queries';

/**
 * `npm run bench:allocation`: what one request allocates, in process, and where. Every
 * byte a request allocates is work for the young generation's scavenges, and what it keeps
 * until its response is written is copied by each scavenge it lives through (docs/performance.md,
 * "Tenth round" and "Eleventh round"). Runs the dashboard and the audited billing page as
 * the server runs them (compiled, context, execution, the access log's write, the response
 * serialised) at BENCH_CONNECTIONS (10) at once, under V8's sampling heap profiler with
 * every object counted, also those already collected; prints kB per request in all, by
 * file and by function (BENCH_TOP rows). BENCH_REQUESTS (400) per case after 300 of
 * warm-up; BENCH_ONLY: dashboard, billing-audited. A benchmark: CI does not run it.
 */
process.env.DATABASE_URL = DATABASE_URL;
process.env.ACCESS_LOG_KEY ??= randomBytes(32).toString('base64');
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 400);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 10);
const TOP = Number(process.env.BENCH_TOP ?? 25);

interface ProfileNode {
  callFrame: { functionName: string; url: string; lineNumber: number };
  selfSize: number;
  children: ProfileNode[];
}

function post<T>(session: Session, method: string, params?: object): Promise<T> {
  return new Promise((resolve, reject) =>
    session.post(method, params, (error, result) => (error ? reject(error) : resolve(result as T))),
  );
}

/** A frame's place, short: a package and its file, or the project's file, with the line. */
function placeOf({ url, lineNumber }: ProfileNode['callFrame']): { file: string; line: string } {
  const file = url
    .replace(/^file:\/\//, '')
    .replace(/.*node_modules\//, '')
    .replace(/.*\/(src|test)\//, '$1/');
  return { file: file || '(compiled operation or builtin)', line: `${file}:${lineNumber + 1}` };
}

function report(profile: { head: ProfileNode }, requests: number): void {
  const byFile = new Map<string, number>();
  const byFunction = new Map<string, number>();
  let total = 0;
  const walk = (node: ProfileNode) => {
    if (node.selfSize > 0) {
      const { file, line } = placeOf(node.callFrame);
      const fn = `${node.callFrame.functionName || '(anonymous)'} ${line}`;
      byFile.set(file, (byFile.get(file) ?? 0) + node.selfSize);
      byFunction.set(fn, (byFunction.get(fn) ?? 0) + node.selfSize);
      total += node.selfSize;
    }
    node.children.forEach(walk);
  };
  walk(profile.head);
  const kB = (bytes: number) => (bytes / requests / 1024).toFixed(1).padStart(8);
  console.log(`  ${kB(total)} kB per request in all`);
  for (const [title, table] of [
    ['by file', byFile],
    ['by function', byFunction],
  ] as const) {
    console.log(`  ${title}:`);
    const rows = [...table].sort((a, b) => b[1] - a[1]).slice(0, TOP);
    for (const [name, bytes] of rows) console.log(`  ${kB(bytes)} kB  ${name}`);
  }
}

async function main(): Promise<void> {
  const root = await admin();
  await ensureSeeded(root);
  await verifyBillingPage(root, BILLING_ACTOR);
  await root.end();
  const { config } = await import('../../src/config');
  const { createDataSource } = await import('../../src/data-source');
  const { buildSchema } = await import('../../src/schema');
  const { migrateWithLock } = await import('../../src/database/bootstrap');
  const cfg = config();
  const db = createDataSource({ poolSize: 10, replicaUrls: [] });
  await db.initialize();
  await migrateWithLock(db);
  const log = createLogger('silent');
  const settings: TokenSettings = {
    secret: cfg.JWT_SECRET,
    issuer: cfg.JWT_ISSUER,
    audience: cfg.JWT_AUDIENCE,
    maxTtlSeconds: cfg.JWT_MAX_TTL,
  };
  const bearer = async (role: Role, sub: string) =>
    `Bearer ${await signToken(settings, { sub, role }, '2h')}`;
  const schema = buildSchema();
  const cases = [
    {
      name: 'dashboard',
      query: (JSON.parse(DASHBOARD_BODY) as { query: string }).query,
      role: Role.ADMIN,
      sub: 'bench-admin',
    },
    { name: 'billing-audited', query: BILLING_PAGE_QUERY, role: Role.BILLING, sub: BILLING_ACTOR },
  ];
  const session = new Session();
  session.connect();
  await post(session, 'HeapProfiler.enable');
  const only = process.env.BENCH_ONLY?.split(',');
  try {
    for (const { name, query, role, sub } of cases) {
      if (only && !only.includes(name)) continue;
      const compiled = compileQuery(schema, parse(query));
      if (!isCompiledQuery(compiled)) throw new Error(`${name} did not compile`);
      const authorization = await bearer(role, sub);
      let responseLength = 0;
      const once = async () => {
        const store = newRequestStore();
        const ctx = createContext({
          requestId: store.requestId,
          request: store,
          auth: await authenticate(authorization, settings),
          db,
          log,
        });
        ctx.readOnly = true;
        const result = await compiled.query(undefined, ctx, {});
        if (result.errors?.length) throw new Error(`${name}: ${JSON.stringify(result.errors[0])}`);
        const reads = ctx.accessLog.drain();
        if (reads.length > 0 && ctx.identity) {
          await appendAccessLogNow(ctx.db, actorOf(ctx.identity), ctx.requestId, reads);
        }
        responseLength = JSON.stringify(result).length;
      };
      const run = async (requests: number) => {
        let started = 0;
        await Promise.all(
          Array.from({ length: CONNECTIONS }, async () => {
            while (started++ < requests) await once();
          }),
        );
      };
      await run(300);
      await post(session, 'HeapProfiler.startSampling', {
        samplingInterval: 1024,
        includeObjectsCollectedByMajorGC: true,
        includeObjectsCollectedByMinorGC: true,
      });
      await run(REQUESTS);
      const { profile } = await post<{ profile: { head: ProfileNode } }>(
        session,
        'HeapProfiler.stopSampling',
      );
      console.log(
        `${name}: ${REQUESTS} requests, ${CONNECTIONS} at once, response ${responseLength} characters`,
      );
      report(profile, REQUESTS);
    }
  } finally {
    session.disconnect();
    await db.destroy();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
