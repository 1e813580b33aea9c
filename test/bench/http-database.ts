import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { createConnection, Connection } from 'mysql2/promise';

/**
 * The database the HTTP and privacy benchmarks read: BENCH_DATABASE_URL, by default
 * `kacmac_bench_http`, seeded once with the seed command (BENCH_SUBSCRIBERS, 100 sessions
 * and 2 tickets each: the sizes `vs-postgraphile.sh` uses).
 */
const ROOT_URL = process.env.BENCH_ROOT_URL ?? 'mysql://root@127.0.0.1:3306';
export const DATABASE_URL = process.env.BENCH_DATABASE_URL ?? `${ROOT_URL}/kacmac_bench_http`;
export const database = new URL(DATABASE_URL).pathname.slice(1);
const SUBSCRIBERS = Number(process.env.BENCH_SUBSCRIBERS ?? 10_000);
const root = join(__dirname, '..', '..');

/** The billing actor of the audited page (verified for each of its 50 subscribers). */
export const BILLING_ACTOR = 'bench-billing';

export async function admin(): Promise<Connection> {
  const url = new URL(DATABASE_URL);
  url.pathname = '/';
  return createConnection({ uri: url.toString(), multipleStatements: false });
}

/** Seeds the database with the seed command when it has no subscribers (once; minutes). */
export async function ensureSeeded(db: Connection): Promise<void> {
  const [rows] = await db.query(
    'SELECT COUNT(*) AS n FROM information_schema.tables WHERE table_schema = ? AND table_name = ?',
    [database, 'subscribers'],
  );
  const exists = Number((rows as { n: number }[])[0].n) > 0;
  const [count] = exists
    ? await db.query(`SELECT COUNT(*) AS n FROM \`${database}\`.subscribers`)
    : [[{ n: 0 }]];
  if (Number((count as { n: number }[])[0].n) > 0) return;
  console.log(`seeding ${database} with ${SUBSCRIBERS} subscribers (once, takes minutes)`);
  const args = ['--subscribers', String(SUBSCRIBERS), '--sessions-per-subscriber', '100'];
  const seeded = spawnSync('npm', ['run', '-s', 'seed', '--', ...args, '--tickets-per-subscriber', '2'], {
    cwd: root,
    env: { ...process.env, NODE_ENV: 'development', DATABASE_URL },
    stdio: 'inherit',
  });
  if (seeded.status !== 0) throw new Error('seeding failed');
  await db.query(`ANALYZE TABLE \`${database}\`.subscribers, \`${database}\`.sessions`);
}

/** The billing actor holds a current identity verification for each subscriber of the page. */
export async function verifyBillingPage(db: Connection, actor: string): Promise<void> {
  await db.query(`DELETE FROM \`${database}\`.identity_verifications WHERE granted_to = ?`, [actor]);
  await db.query(
    `INSERT INTO \`${database}\`.identity_verifications
       (subscriber_id, document_type, verified_by, granted_to, verified_at, valid_until)
     SELECT id, 'PASSPORT', ?, ?, NOW(3), NOW(3) + INTERVAL 4 HOUR
       FROM (SELECT id FROM \`${database}\`.subscribers ORDER BY id DESC LIMIT 50) page`,
    [actor, actor],
  );
}
