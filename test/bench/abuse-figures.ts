import 'reflect-metadata';
import { Role } from '../../src/auth/roles';
import { signToken } from '../../src/auth/token';
import { config } from '../../src/config';
import { startServerProcess, runAbuseScenario } from '../helpers/abuse-scenario';

/**
 * `npm run bench:abuse`: the abuse scenario (floods of aliases without a token) against a
 * server process started on a free port of 127.0.0.1, printing what it measured. The server
 * uses a database of its own (BENCH_DATABASE_URL, by default `kacmac_bench_abuse`, created
 * and migrated at start), never `kacmac`.
 * Options: --floods N (30), --concurrency N (10), --aliases N (4900).
 */
process.env.DATABASE_URL = process.env.BENCH_DATABASE_URL ?? 'mysql://root@127.0.0.1:3306/kacmac_bench_abuse';
async function main() {
  const arg = (name: string, fallback: number) => {
    const index = process.argv.indexOf(`--${name}`);
    return index > 0 ? Number(process.argv[index + 1]) : fallback;
  };
  const server = await startServerProcess({ LOG_LEVEL: 'info', RATE_LIMIT_ANONYMOUS_PER_MINUTE: '100000' });
  try {
    const cfg = config();
    const token = await signToken(
      { secret: cfg.JWT_SECRET, issuer: cfg.JWT_ISSUER, audience: cfg.JWT_AUDIENCE },
      { sub: 'agent-probe', role: Role.SUPPORT },
    );
    const started = performance.now();
    const figures = await runAbuseScenario(server, {
      token,
      floods: arg('floods', 30),
      concurrency: arg('concurrency', 10),
      aliases: arg('aliases', 4900),
    });
    const seconds = (performance.now() - started) / 1000;
    const max = (values: number[]) => Math.max(0, ...values).toFixed(1);
    const median = (values: number[]) =>
      ([...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0).toFixed(1);
    const statuses = (values: { status: number }[]) =>
      [...new Set(values.map((v) => v.status))].sort().join('/');
    console.log(`floods: ${figures.floods.length} × ${figures.floodBytes} bytes in ${seconds.toFixed(1)} s`);
    console.log(`  statuses ${statuses(figures.floods)}, slowest ${max(figures.floods.map((f) => f.ms))} ms`);
    console.log(
      `  SQL statements of the refused floods: ${figures.refusedStatements.join(',') || 'none logged'}`,
    );
    console.log(
      `/health/ready: ${figures.ready.length} checks, statuses ${statuses(figures.ready)}, median ${median(figures.ready.map((r) => r.ms))} ms, slowest ${max(figures.ready.map((r) => r.ms))} ms`,
    );
    console.log(
      `authenticated probe: ${figures.probes.length} requests, statuses ${statuses(figures.probes)}, median ${median(figures.probes.map((p) => p.ms))} ms, slowest ${max(figures.probes.map((p) => p.ms))} ms`,
    );
    console.log(
      `server RSS: ${figures.rssMb.before.toFixed(0)} MB before, ${figures.rssMb.max.toFixed(0)} MB at most`,
    );
  } finally {
    await server.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
