import { createPool, Pool } from 'mysql2/promise';

/**
 * Cost of the differencing-safe report statements against the ones they replaced,
 * measured in one run on the same data (compare the ratios only: the machine is shared
 * and noisy):
 * - revenue per month and currency vs per month with all currencies added up;
 * - inquiries by product with small products folded into OTHER (the worst case: the
 *   second statement, for OTHER, always runs) vs a plain GROUP BY.
 * Runs on a migrated, seeded database: BENCH_DATABASE_URL, e.g. after
 * `DATABASE_URL=mysql://root@127.0.0.1:3306/kacmac_reports npm run seed -- --subscribers 10000`.
 * Prints the median of BENCH_RUNS runs. Not a test: CI does not run it.
 */
const DATABASE_URL = process.env.BENCH_DATABASE_URL ?? 'mysql://root@127.0.0.1:3306/kacmac_bench';
const RUNS = Number(process.env.BENCH_RUNS ?? 15);

type Work = (pool: Pool) => Promise<unknown>;
const sql =
  (statement: string, params: unknown[] = []): Work =>
  (pool) =>
    pool.query(statement, params);

const REVENUE = (key: string): Work =>
  sql(`SELECT ${key} AS bucket, SUM(IF(status = 'SUCCEEDED', amount_cents, -amount_cents)) AS value,
              COUNT(DISTINCT subscriber_id) AS subscribers
       FROM payments WHERE status IN ('SUCCEEDED', 'REFUNDED') GROUP BY bucket ORDER BY bucket`);
const BY_PRODUCT =
  sql(`SELECT product AS bucket, COUNT(*) AS value, COUNT(DISTINCT subscriber_id) AS subscribers
                        FROM product_inquiries GROUP BY product ORDER BY product`);
const OTHER = sql(
  `SELECT 'OTHER' AS bucket, COUNT(*) AS value, COUNT(DISTINCT subscriber_id) AS subscribers
   FROM product_inquiries WHERE product IN (?)`,
  [['STATIC_IP', 'TV_PACKAGE', 'OTHER']],
);

const PAIRS: [string, Work, string, Work][] = [
  [
    'revenueCentsByMonth, per month (before)',
    REVENUE(`DATE_FORMAT(paid_at, '%Y-%m')`),
    'revenueCentsByMonth, per month and currency (after)',
    REVENUE(`CONCAT(DATE_FORMAT(paid_at, '%Y-%m'), ' ', currency)`),
  ],
  [
    'inquiriesByProduct, plain (before)',
    BY_PRODUCT,
    'inquiriesByProduct, folding into OTHER (after)',
    async (pool) => {
      await BY_PRODUCT(pool);
      await OTHER(pool);
    },
  ],
];

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

async function time(pool: Pool, work: Work): Promise<number> {
  const started = process.hrtime.bigint();
  await work(pool);
  return Number(process.hrtime.bigint() - started) / 1e6;
}

async function main(): Promise<void> {
  const pool = createPool({ uri: DATABASE_URL, connectionLimit: 1 });
  try {
    const [[counts]] = (await pool.query(
      'SELECT (SELECT COUNT(*) FROM payments) AS payments, (SELECT COUNT(*) FROM product_inquiries) AS inquiries',
    )) as unknown as [[{ payments: number; inquiries: number }]];
    console.log(`${counts.payments} payments, ${counts.inquiries} inquiries; median of ${RUNS} runs`);
    for (const [beforeName, before, afterName, after] of PAIRS) {
      const times = { before: [] as number[], after: [] as number[] };
      // Interleaved, so that both see the same load; the first round warms up.
      for (let run = 0; run <= RUNS; run++) {
        const [b, a] = [await time(pool, before), await time(pool, after)];
        if (run === 0) continue;
        times.before.push(b);
        times.after.push(a);
      }
      const [b, a] = [median(times.before), median(times.after)];
      console.log(`${beforeName}: ${b.toFixed(1)} ms`);
      console.log(`${afterName}: ${a.toFixed(1)} ms (×${(a / b).toFixed(2)})`);
    }
  } finally {
    await pool.end();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
