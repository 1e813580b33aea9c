import 'reflect-metadata';
import { ensureDatabase, migrateWithLock, dropDatabase } from '../../src/database/bootstrap';
import { createDataSource } from '../../src/data-source';
import { config } from '../../src/config';
import { createLogger } from '../../src/logger';
import { createServer } from '../../src/server';
import { signToken } from '../../src/auth/token';
import { Role } from '../../src/auth/roles';
import { newRequestStore } from '../../src/common/request-store';

/**
 * `npm run bench:mutations`: what a mutation costs through the whole server — token,
 * shield, its guard (account lock, state, verification), the service, the read-back and
 * the access log committed in the mutation's transaction. Prints, per mutation, the
 * median time of RUNS calls and the SQL statements of one call, beside a single-row query
 * measured in the same run as the yardstick (compare ratios, not absolute figures,
 * across runs). Works in a database of its own, created and dropped here.
 */
const server = (process.env.BENCH_DATABASE_SERVER ?? 'mysql://root@127.0.0.1:3306').replace(/\/$/, '');
const url = `${server}/kacmac_bench_mutations`;
const RUNS = Number(process.env.BENCH_RUNS ?? 60);

type Operation = { name: string; role: Role; query: string; variables: (i: number, id: string) => object };

const OPERATIONS: Operation[] = [
  {
    name: 'subscriber(id) { name email } (yardstick)',
    role: Role.SUPPORT,
    query: 'query($id: ID!) { subscriber(id: $id) { name email } }',
    variables: (_i, id) => ({ id }),
  },
  {
    name: 'updateContactInfo (verification needed)',
    role: Role.SUPPORT,
    query:
      'mutation($id: ID!, $name: String!) { updateContactInfo(subscriberId: $id, input: {name: $name}) { name } }',
    variables: (i, id) => ({ id, name: `Bench Person ${i}` }),
  },
  {
    name: 'recordPayment + gated read-back',
    role: Role.BILLING,
    query: `mutation($id: ID!, $invoice: String!) { recordPayment(input: {subscriberId: $id, amountCents: 2999,
      currency: "USD", status: SUCCEEDED, paidAt: "2026-10-01T00:00:00Z", invoiceNumber: $invoice}) { id amountCents } }`,
    variables: (i, id) => ({ id, invoice: `BENCH-${Date.now()}-${i}` }),
  },
  {
    name: 'recordIdentityVerification',
    role: Role.SUPPORT,
    query:
      'mutation($id: ID!) { recordIdentityVerification(input: {subscriberId: $id, documentType: PASSPORT}) { id } }',
    variables: (_i, id) => ({ id }),
  },
  {
    name: 'openSupportTicket',
    role: Role.SUPPORT,
    query: `mutation($id: ID!) { openSupportTicket(input: {subscriberId: $id, subject: "Slow line",
      body: "Since Monday", channel: WEB}) { id } }`,
    variables: (_i, id) => ({ id }),
  },
];

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

async function main() {
  if (process.env.NODE_ENV === 'production') throw new Error('refusing to run with NODE_ENV=production');
  await ensureDatabase(url);
  const db = createDataSource({ url, poolSize: 5, replicaUrls: [] });
  await db.initialize();
  const app = await createServer({ db, config: config(), log: createLogger('silent') });
  try {
    await migrateWithLock(db);
    const ids: string[] = [];
    for (let i = 0; i < 20; i++) {
      const [row] = await db.query(
        `INSERT INTO subscribers (account_number, status, name, email, created_at)
         VALUES (?, 'ACTIVE', ?, ?, NOW(3)) RETURNING id`,
        [`KMB${String(i).padStart(9, '0')}`, `Bench Person ${i}`, `bench.${i}@example.test`],
      );
      ids.push(String(row.id));
      for (const actor of ['bench-support', 'bench-billing']) {
        await db.query(
          `INSERT INTO identity_verifications (subscriber_id, document_type, verified_by, granted_to, verified_at, valid_until)
           VALUES (?, 'PASSPORT', ?, ?, NOW(3), NOW(3) + INTERVAL 1 DAY)`,
          [row.id, actor, actor],
        );
      }
    }
    console.log(`median of ${RUNS} calls (after 5 warm-up calls); SQL statements of one call`);
    for (const op of OPERATIONS) {
      const sub = op.role === Role.BILLING ? 'bench-billing' : 'bench-support';
      const token = await signToken(app.tokenSettings, { sub, role: op.role }, '1h');
      const times: number[] = [];
      let statements = 0;
      for (let i = 0; i < RUNS + 5; i++) {
        const store = newRequestStore();
        const started = process.hrtime.bigint();
        const response = await app.apollo.executeOperation(
          { query: op.query, variables: op.variables(i, ids[i % ids.length]) as Record<string, unknown> },
          { contextValue: await app.contextFor(`Bearer ${token}`, store) },
        );
        const ms = Number(process.hrtime.bigint() - started) / 1e6;
        if (response.body.kind !== 'single' || response.body.singleResult.errors) {
          throw new Error(`${op.name}: ${JSON.stringify(response.body)}`);
        }
        if (i >= 5) times.push(ms);
        statements = store.sqlStatements;
      }
      console.log(
        `${op.name.padEnd(45)} ${median(times).toFixed(2).padStart(8)} ms ${String(statements).padStart(4)} statements`,
      );
    }
  } finally {
    await app.apollo.stop();
    await db.destroy();
    await dropDatabase(url);
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
});
