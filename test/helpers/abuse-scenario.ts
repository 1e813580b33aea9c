import { readFileSync } from 'node:fs';
import { ServerProcess, startServerProcess } from './server-process';

export { startServerProcess };

/**
 * The abuse scenario of issue 10, against `npm start`'s process on a real port of
 * 127.0.0.1: alias floods without a token, `concurrency` at a time, while a monitor asks
 * `/health/ready` and an authenticated probe and samples the server's RSS. Every loop
 * ends by itself: the floods are a fixed number, the monitor stops when they are done or
 * at `deadlineMs`. Used by test/bench/abuse-figures.ts, which prints the figures; the server
 * process comes from test/helpers/server-process.ts.
 */
export interface AbuseFigures {
  floods: { status: number; reason: unknown; ms: number }[];
  ready: { status: number; ms: number }[];
  probes: { status: number; ms: number; errors: number }[];
  rssMb: { before: number; max: number };
  /** "graphql request" log lines of the refused floods: their SQL statement counts. */
  refusedStatements: number[];
  floodBytes: number;
}

function rssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
  return kb / 1024;
}

async function timed<T>(work: () => Promise<T>): Promise<[T, number]> {
  const started = performance.now();
  const result = await work();
  return [result, performance.now() - started];
}

const PROBE = JSON.stringify({
  query: '{ subscribers(first: 20) { totalCount edges { node { id name status } } } }',
});

export const aliasFlood = (n: number) =>
  `{ ${Array.from({ length: n }, (_, i) => `a${i}: policyVersions { body }`).join(' ')} }`;

export async function runAbuseScenario(
  server: ServerProcess,
  options: { token: string; floods?: number; concurrency?: number; aliases?: number; deadlineMs?: number },
): Promise<AbuseFigures> {
  const { token, floods = 30, concurrency = 10, aliases = 4900, deadlineMs = 120_000 } = options;
  const url = `http://127.0.0.1:${server.port}`;
  const body = JSON.stringify({ query: aliasFlood(aliases) });
  const pid = server.child.pid!;
  const figures: AbuseFigures = {
    floods: [],
    ready: [],
    probes: [],
    rssMb: { before: rssMb(pid), max: 0 },
    refusedStatements: [],
    floodBytes: body.length,
  };
  const deadline = Date.now() + deadlineMs;

  let next = 0;
  const flooder = async () => {
    while (next < floods && Date.now() < deadline) {
      next += 1;
      const [response, ms] = await timed(() =>
        fetch(`${url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body }),
      );
      const json = (await response.json().catch(() => ({}))) as {
        errors?: { extensions?: { reason?: unknown } }[];
      };
      figures.floods.push({ status: response.status, reason: json.errors?.[0]?.extensions?.reason, ms });
    }
  };
  let flooding = true;
  // Two loops while the floods last: readiness, and the authenticated probe with the RSS.
  const pause = () => new Promise((resolve) => setTimeout(resolve, 10));
  const watchReady = async () => {
    while (flooding && Date.now() < deadline) {
      const [ready, readyMs] = await timed(() => fetch(`${url}/health/ready`));
      figures.ready.push({ status: ready.status, ms: readyMs });
    }
  };
  const watchProbe = async () => {
    while (flooding && Date.now() < deadline) {
      const [answer, probeMs] = await timed(() =>
        fetch(`${url}/graphql`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
          body: PROBE,
        }),
      );
      const json = (await answer.json().catch(() => ({ errors: [{}] }))) as { errors?: unknown[] };
      figures.probes.push({ status: answer.status, ms: probeMs, errors: json.errors?.length ?? 0 });
      figures.rssMb.max = Math.max(figures.rssMb.max, rssMb(pid));
      await pause();
    }
  };
  // Warm up (first requests compile code paths), then measure.
  for (let i = 0; i < 5; i++) {
    await fetch(`${url}/health/ready`);
    await fetch(`${url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({
        query: '{ subscribers(first: 20) { totalCount edges { node { id name status } } } }',
      }),
    });
  }
  const logLines = server.output().length;
  const watching = Promise.all([watchReady(), watchProbe()]);
  await Promise.all(Array.from({ length: concurrency }, flooder));
  flooding = false;
  await watching;
  figures.rssMb.max = Math.max(figures.rssMb.max, rssMb(pid));

  // Give the last log lines a moment to arrive, then read the refused requests' statements.
  await new Promise((resolve) => setTimeout(resolve, 200));
  for (const line of server.output().slice(logLines).split('\n')) {
    if (!line.startsWith('{')) continue;
    const entry = JSON.parse(line) as {
      msg?: string;
      role?: unknown;
      errors?: unknown[];
      sqlStatements?: number;
    };
    if (entry.msg === 'graphql request' && entry.role === null && (entry.errors?.length ?? 0) > 0) {
      figures.refusedStatements.push(entry.sqlStatements ?? -1);
    }
  }
  return figures;
}
