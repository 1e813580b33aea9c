import { randomBytes } from 'node:crypto';
import { Role } from '../../../src/auth/roles';
import { createDataSource } from '../../../src/data-source';
import { splitDatabaseUrl } from '../../../src/database/bootstrap';
import { serverGrantStatements } from '../../../src/database/least-privilege';
import { verifyAccessLog } from '../../../src/access-log/chain-verification';
import { RetentionPurge } from '../../../src/modules/retention/purge.service';
import { startHarness, Harness, resetData } from '../../helpers/harness';
import { insertHistory, insertSubscriber } from '../../helpers/fixtures';
import { cancelledMonthsAgo, insertFullAccount } from '../../helpers/lifecycle-fixtures';
import {
  entriesSince,
  insertBillingProfile,
  insertVerification,
  logMark,
} from '../../helpers/privacy-fixtures';

/**
 * The server runs as a least-privilege database user (README, "A database user for the
 * server"; docs/design.md section 3): created here with the grants of `npm run db:grants`,
 * it serves reads, mutations and the retention purge, and it can neither change nor
 * delete an access-log entry nor drop the triggers that guard the log.
 */
const user = `kacmac_app_${randomBytes(4).toString('hex')}`;
const password = randomBytes(18).toString('base64url');
const account = `'${user}'@'%'`;
const root = createDataSource({ poolSize: 1, replicaUrls: [] });
let h: Harness;

beforeAll(async () => {
  await root.initialize();
  const { database } = splitDatabaseUrl(process.env.DATABASE_URL!);
  await root.query(`CREATE USER ${account} IDENTIFIED BY '${password}'`);
  for (const grant of await serverGrantStatements(root, database, account)) await root.query(grant);
  const appUrl = new URL(process.env.DATABASE_URL!);
  appUrl.username = user;
  appUrl.password = password;
  h = await startHarness({ url: appUrl.toString() });
  await resetData(h.db);
});
afterAll(async () => {
  await h?.close();
  await root.query(`DROP USER IF EXISTS ${account}`);
  await root.destroy();
});

test('the server connects as its own user, not as root', async () => {
  const [{ who }] = await h.db.query('SELECT CURRENT_USER() AS who');
  expect(who).toBe(`${user}@%`);
});

test('reads, access-log entries and mutations work with the grants', async () => {
  const s = await insertSubscriber(h.db);
  await insertBillingProfile(h.db, s.id);
  await insertHistory(h.db, s.id, { payments: 1 });
  await insertVerification(h.db, { subscriberId: s.id, grantedTo: 'billing-lp' });
  const mark = await logMark(h.db);
  const billing = await h.token(Role.BILLING, 'billing-lp');
  const read = await h.run(`query Q($id: ID!) { subscriber(id: $id) { billing { cardLast4 } } }`, {
    token: billing,
    variables: { id: s.id },
  });
  expect(read.errors).toBeUndefined();
  const changed = await h.run(
    `mutation C($id: ID!, $input: ContactInfoInput!) { updateContactInfo(subscriberId: $id, input: $input) { email } }`,
    { token: billing, variables: { id: s.id, input: { email: 'least.privilege@example.test' } } },
  );
  expect(changed.errors).toBeUndefined();
  const entries = await entriesSince(h.db, mark);
  expect(entries.map((e) => e.category)).toEqual(expect.arrayContaining(['BILLING', 'CONTACT']));
  expect((await verifyAccessLog(h.db)).ok).toBe(true);
});

test('the retention purge needs no change to the access log', async () => {
  const { account: due } = await insertFullAccount(h.db, cancelledMonthsAgo(13));
  const result = await new RetentionPurge(h.db, {
    dryRun: false,
    actor: { actorId: 'compliance-lp', role: Role.COMPLIANCE },
    requestId: `lp-${Date.now()}`,
    batchSize: 10,
  }).run();
  expect(result.purged).toEqual([due.id]);
  expect((await verifyAccessLog(h.db)).ok).toBe(true);
});

test('the server user can neither change nor delete an entry, nor touch the schema or the triggers', async () => {
  const [{ id }] = await h.db.query('SELECT MAX(id) AS id FROM access_log');
  const denied = /denied/i;
  await expect(
    h.db.query(`UPDATE access_log SET actor_id = 'someone-else' WHERE id = ?`, [id]),
  ).rejects.toThrow(denied);
  await expect(h.db.query('DELETE FROM access_log WHERE id = ?', [id])).rejects.toThrow(denied);
  // The two tables behind the view (migrations/…-NarrowAccessLog): read and append only.
  for (const table of ['access_log_entries', 'access_log_groups']) {
    await expect(h.db.query(`UPDATE ${table} SET id = id WHERE id = ?`, [id])).rejects.toThrow(denied);
    await expect(h.db.query(`DELETE FROM ${table} WHERE id = ?`, [id])).rejects.toThrow(denied);
  }
  await expect(h.db.query('INSERT INTO access_log (id) VALUES (0)')).rejects.toThrow(denied);
  await expect(h.db.query('DROP TRIGGER access_log_refuse_update')).rejects.toThrow(denied);
  await expect(h.db.query('ALTER TABLE access_log ADD COLUMN x INT')).rejects.toThrow(denied);
  await expect(h.db.query('CREATE TABLE scratch_table (id INT)')).rejects.toThrow(denied);
  await expect(h.db.query(`GRANT UPDATE ON access_log TO ${account}`)).rejects.toThrow(denied);
});

test('the server user reads the report roll-ups, and only its writes to the base tables change them', async () => {
  const denied = /denied/i;
  const rollup =
    "SELECT COALESCE(SUM(entries), 0) AS n FROM subscriber_rollup WHERE report = 'SUBSCRIBERS_BY_STATUS'";
  const before = Number((await h.db.query(rollup))[0].n);
  await insertSubscriber(h.db);
  expect(Number((await h.db.query(rollup))[0].n)).toBe(before + 1);
  await expect(h.db.query('UPDATE subscriber_rollup SET entries = entries + 1')).rejects.toThrow(denied);
  await expect(h.db.query('DELETE FROM session_rollup_members')).rejects.toThrow(denied);
  await expect(
    h.db.query("INSERT INTO payment_rollup VALUES ('REVENUE_CENTS_BY_MONTH', '2026-01 USD', 0, 1, 1, 1)"),
  ).rejects.toThrow(denied);
});
