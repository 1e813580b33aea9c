import { Role } from '../../src/auth/roles';
import { signToken } from '../../src/auth/token';
import { config } from '../../src/config';
import { startServerProcess, runAbuseScenario, RunningServer, AbuseFigures } from '../helpers/abuse-scenario';

/**
 * Issue 10's acceptance, against `npm start`'s process on a real port of 127.0.0.1: 30
 * anonymous floods of 4 900 aliased `policyVersions` (150 kB each), 10 at a time, are
 * refused before they run (no SQL statement), while `/health/ready` stays 200 under 250 ms,
 * an authenticated probe answers under 1 s (medians; every single one within 3 s), and the
 * server's RSS stays under 400 MB.
 * Before the limits, the same floods took 62 s, readiness went 503, the probe timed out at
 * 10 s and RSS grew to 1.4 GB. The bounds are the issue's; the loops end by themselves.
 */
let server: RunningServer;
let figures: AbuseFigures;

beforeAll(async () => {
  // The floods must be stopped by the query limits, not by the address's rate limit.
  server = await startServerProcess({ RATE_LIMIT_ANONYMOUS_PER_MINUTE: '100000' });
  const cfg = config();
  const token = await signToken(
    { secret: cfg.JWT_SECRET, issuer: cfg.JWT_ISSUER, audience: cfg.JWT_AUDIENCE },
    { sub: 'agent-probe', role: Role.SUPPORT },
  );
  figures = await runAbuseScenario(server, { token });
}, 180_000);
afterAll(() => server?.stop(), 30_000);

test('every flood is refused before it runs: 400, QUERY_TOO_COMPLEX, no SQL statement', () => {
  expect(figures.floodBytes).toBeGreaterThan(100_000);
  expect(figures.floods).toHaveLength(30);
  for (const flood of figures.floods)
    expect(flood).toMatchObject({ status: 400, reason: 'QUERY_TOO_COMPLEX' });
  expect(figures.refusedStatements).toEqual(Array(30).fill(0));
});

/**
 * Latencies are judged by their median, and each single one against a ceiling well below
 * the issue's 10 s time-outs: on a shared 2-core machine any process stalls now and then,
 * floods or not (test/bench/abuse-figures.ts prints the whole distribution).
 */
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

test('readiness stays 200 under 250 ms, the authenticated probe answers under 1 s', () => {
  const ready = figures.ready.map((r) => r.ms);
  const probes = figures.probes.map((p) => p.ms);
  expect(ready.length).toBeGreaterThanOrEqual(3);
  expect(figures.ready.every((r) => r.status === 200)).toBe(true);
  expect(median(ready)).toBeLessThan(250);
  expect(Math.max(...ready)).toBeLessThan(3000);
  expect(probes.length).toBeGreaterThanOrEqual(3);
  expect(figures.probes.every((p) => p.status === 200 && p.errors === 0)).toBe(true);
  expect(median(probes)).toBeLessThan(1000);
  expect(Math.max(...probes)).toBeLessThan(3000);
});

test('the server stays under 400 MB resident', () => {
  expect(figures.rssMb.max).toBeLessThan(400);
});
