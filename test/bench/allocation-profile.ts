import 'reflect-metadata';
import { Session } from 'node:inspector';
import { parse } from 'graphql';
import { compileQuery, isCompiledQuery } from 'graphql-jit';
import { Role } from '../../src/auth/roles';
import { BILLING_ACTOR } from './http-database';
import { openInProcessBench } from './in-process';
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
  const bench = await openInProcessBench();
  const { buildSchema } = await import('../../src/schema');
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
      const authorization = await bench.bearer(role, sub);
      let responseLength = 0;
      const once = async () => {
        responseLength = (await bench.serve(compiled, authorization)).length;
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
    await bench.db.destroy();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
