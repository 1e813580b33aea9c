import 'reflect-metadata';
import { DocumentNode, GraphQLSchema, parse } from 'graphql';
import { compileQuery, CompiledQuery, isCompiledQuery } from 'graphql-jit';
import { Role } from '../../src/auth/roles';
import { AccessLogBuffer } from '../../src/access-log/access-buffer';
import { BILLING_ACTOR } from './http-database';
import { openInProcessBench } from './in-process';
import { BILLING_PAGE_QUERY, DASHBOARD_BODY } from './http-queries';

/**
 * `npm run bench:privacy`: what the privacy layer (shield rules and the access-log recorder
 * and its writes) costs, in process. The same dashboard and audited billing page run against
 * the served schema and against the declared schema without rules (built here, in benchmark
 * code only: the server has no switch that turns rules off), on the bench:http database.
 * The audited page also runs unaudited: the served schema, every rule deciding, the same
 * data served, with the reads it notes discarded and nothing written; the difference is
 * what the access log costs.
 * Alternating rounds of BENCH_SECONDS (5) at BENCH_CONNECTIONS (10) concurrent requests;
 * prints requests/s and this process's CPU ms per request for each, and the cost.
 * BENCH_ONLY: comma-separated case names (dashboard, billing-audited).
 */
const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 10);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);

/** A schema to run a case against; `audited: false` discards the reads it notes. */
interface Variant {
  label: string;
  schema: GraphQLSchema;
  audited: boolean;
}

/** A request's access-log buffer that keeps nothing: the page served, nothing logged. */
class DiscardingBuffer extends AccessLogBuffer {
  override record(): void {}
}

interface Figures {
  requests: number;
  cpuMs: number;
  seconds: number;
}

async function main(): Promise<void> {
  const bench = await openInProcessBench();
  const { db, bearer } = bench;
  // Imported once the bench has named its database.
  const { buildBareSchema, buildSchema } = await import('../../src/schema');
  const served = buildSchema();
  const variants: Variant[] = [
    { label: 'with privacy', schema: served, audited: true },
    { label: 'without', schema: buildBareSchema(), audited: true },
  ];
  const unaudited: Variant = { label: 'unaudited', schema: served, audited: false };
  const cases = [
    {
      name: 'dashboard',
      document: parse((JSON.parse(DASHBOARD_BODY) as { query: string }).query),
      authorization: await bearer(Role.ADMIN, 'bench-admin'),
    },
    {
      name: 'billing-audited',
      document: parse(BILLING_PAGE_QUERY),
      authorization: await bearer(Role.BILLING, BILLING_ACTOR),
      logged: true,
    },
  ];

  // Compiled as the server runs them (http/compiled-execution.ts), once per schema and query.
  const compiled = new Map<GraphQLSchema, Map<DocumentNode, CompiledQuery>>();
  const compiledFor = (schema: GraphQLSchema, document: DocumentNode): CompiledQuery => {
    const forSchema = compiled.get(schema) ?? new Map<DocumentNode, CompiledQuery>();
    compiled.set(schema, forSchema);
    let entry = forSchema.get(document);
    if (!entry) {
      const made = compileQuery(schema, document);
      if (!isCompiledQuery(made)) throw new Error(`not compiled: ${JSON.stringify(made.errors)}`);
      forSchema.set(document, (entry = made));
    }
    return entry;
  };

  /** One request as the server runs it; unaudited, the reads it notes are discarded. */
  const once = async ({ schema, audited }: Variant, document: DocumentNode, authorization: string) => {
    await bench.serve(
      compiledFor(schema, document),
      authorization,
      audited ? undefined : () => new DiscardingBuffer(),
    );
  };

  const round = async (
    variant: Variant,
    document: ReturnType<typeof parse>,
    authorization: string,
    seconds: number,
  ): Promise<Figures> => {
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    const end = t0 + seconds * 1000;
    let requests = 0;
    await Promise.all(
      Array.from({ length: CONNECTIONS }, async () => {
        while (performance.now() < end) {
          await once(variant, document, authorization);
          requests++;
        }
      }),
    );
    const cpu = process.cpuUsage(cpu0);
    return { requests, cpuMs: (cpu.user + cpu.system) / 1000, seconds: (performance.now() - t0) / 1000 };
  };

  console.log(`${CONNECTIONS} concurrent requests, ${ROUNDS} rounds of ${SECONDS} s per schema, alternating`);
  const describe = (f: Figures) =>
    `${(f.requests / f.seconds).toFixed(1)} req/s, ${(f.cpuMs / f.requests).toFixed(2)} ms CPU/req`;
  /** How much more CPU per request, and how much less throughput, `a` costs than `b`. */
  const cost = (a: Figures, b: Figures) => {
    const cpu = a.cpuMs / a.requests / (b.cpuMs / b.requests) - 1;
    const throughput = 1 - a.requests / a.seconds / (b.requests / b.seconds);
    return `${(cpu * 100).toFixed(1)} % CPU per request, ${(throughput * 100).toFixed(1)} % throughput`;
  };
  try {
    const only = process.env.BENCH_ONLY?.split(',');
    for (const { name, document, authorization, logged } of cases) {
      if (only && !only.includes(name)) continue;
      const run = logged ? [...variants, unaudited] : variants;
      for (const variant of run) await round(variant, document, authorization, 2); // warm-up
      const totals = new Map<string, Figures>(
        run.map(({ label }) => [label, { requests: 0, cpuMs: 0, seconds: 0 }]),
      );
      const rate = (f: Figures) => f.requests / f.seconds;
      const perRound: string[] = [];
      for (let r = 0; r < ROUNDS; r++) {
        const thisRound = new Map<string, Figures>();
        for (const variant of run) {
          const figures = await round(variant, document, authorization, SECONDS);
          thisRound.set(variant.label, figures);
          const total = totals.get(variant.label)!;
          total.requests += figures.requests;
          total.cpuMs += figures.cpuMs;
          total.seconds += figures.seconds;
        }
        // The audited page's share of the unaudited throughput in each round: the machine's
        // noise shows as their spread.
        const plainRound = thisRound.get('unaudited');
        if (plainRound) {
          perRound.push(`${((rate(thisRound.get('with privacy')!) / rate(plainRound)) * 100).toFixed(1)} %`);
        }
      }
      const withPrivacy = totals.get('with privacy')!;
      const without = totals.get('without')!;
      console.log(
        `${name.padEnd(16)} with privacy ${describe(withPrivacy)}; without ${describe(without)}; ` +
          `privacy costs ${cost(withPrivacy, without)}`,
      );
      const plain = totals.get('unaudited');
      if (plain) {
        console.log(
          `${''.padEnd(16)} unaudited ${describe(plain)}; the access log costs ${cost(withPrivacy, plain)}; ` +
            `audited at ${((rate(withPrivacy) / rate(plain)) * 100).toFixed(1)} % of unaudited throughput ` +
            `(rounds: ${perRound.join(', ')})`,
        );
      }
    }
  } finally {
    await db.destroy();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
