import { Role } from '../../../src/auth/roles';
import { RetentionPurge } from '../../../src/modules/retention/purge.service';
import { AccountStatus } from '../../../src/access/account-status';
import { Harness, resetData, startHarness } from '../../helpers/harness';
import { insertSubscriber } from '../../helpers/fixtures';
import { cancelledMonthsAgo } from '../../helpers/lifecycle-fixtures';

/**
 * `totalCount` of the dashboard list without a search comes from the per-status counts
 * the triggers keep in subscriber_rollup (migrations/1764001100000-ReportRollups): it
 * stays equal to a count of the table across sign-ups, cancellations, reactivations,
 * the retention purge and deletes.
 */
jest.setTimeout(60_000);

let h: Harness;
let admin: string;

beforeAll(async () => {
  h = await startHarness();
  await resetData(h.db);
  admin = await h.token(Role.ADMIN);
});
afterAll(async () => {
  await resetData(h.db);
  await h.close();
});

const STATUSES = Object.values(AccountStatus);

async function totalCount(status: AccountStatus | null) {
  const result = await h.run(
    `query C($filter: SubscriberFilter) { subscribers(first: 1, filter: $filter) { totalCount } }`,
    { token: admin, variables: { filter: status ? { status } : null } },
  );
  expect(result.errors).toBeUndefined();
  return (result.data as { subscribers: { totalCount: number } }).subscribers.totalCount;
}

/** Every count the list can give without a search, next to a count of the table. */
async function expectCountsExact() {
  const rows: { status: string; n: string }[] = await h.db.query(
    'SELECT status, COUNT(*) AS n FROM subscribers GROUP BY status',
  );
  const counted = Object.fromEntries(rows.map((row) => [row.status, Number(row.n)]));
  const expected = Object.fromEntries(STATUSES.map((status) => [status, counted[status] ?? 0]));
  const served = Object.fromEntries(await Promise.all(STATUSES.map(async (s) => [s, await totalCount(s)])));
  expect(served).toEqual(expected);
  expect(await totalCount(null)).toBe(Object.values(expected).reduce((a, b) => a + b, 0));
}

test('counts follow sign-ups, cancellations, reactivations, the purge and deletes', async () => {
  await expectCountsExact();
  const created = await h.run(
    `mutation { createSubscriber(input: { name: "Count Person", email: "count.person@example.test" }) { id } }`,
    { token: admin },
  );
  expect(created.errors).toBeUndefined();
  const ids = [];
  for (let i = 0; i < 6; i++) ids.push((await insertSubscriber(h.db)).id);
  for (let i = 0; i < 3; i++) await insertSubscriber(h.db, cancelledMonthsAgo(14));
  await insertSubscriber(h.db, { status: AccountStatus.RETAINED });
  await expectCountsExact();

  const cancel = `mutation($id: ID!) { cancelAccount(subscriberId: $id) { status } }`;
  for (const id of ids.slice(0, 2)) {
    const result = await h.run(cancel, { token: admin, variables: { id } });
    expect(result.errors).toBeUndefined();
  }
  const reactivated = await h.run(`mutation($id: ID!) { reactivateAccount(subscriberId: $id) { status } }`, {
    token: admin,
    variables: { id: ids[0] },
  });
  expect(reactivated.errors).toBeUndefined();
  expect(await totalCount(AccountStatus.CANCELLED)).toBe(4);
  await expectCountsExact();

  const summary = await new RetentionPurge(h.db, {
    dryRun: false,
    actor: { actorId: 'compliance-1', role: Role.COMPLIANCE },
    requestId: 'count-test',
    batchSize: 10,
  }).run();
  // The three cancelled 14 months ago, and the RETAINED account, which has no hold left.
  expect(summary.purged).toHaveLength(4);
  expect(await totalCount(AccountStatus.PURGED)).toBe(4);
  expect(await totalCount(AccountStatus.RETAINED)).toBe(0);
  await expectCountsExact();

  await h.db.query('DELETE FROM communication_preferences');
  await h.db.query('DELETE FROM subscribers WHERE id IN (?)', [ids.slice(3)]);
  await expectCountsExact();
  await resetData(h.db);
  expect(await totalCount(null)).toBe(0);
});

test('a search still counts its matches', async () => {
  await insertSubscriber(h.db, { name: 'Zebedee Counted' });
  await insertSubscriber(h.db, { name: 'Zebedee Counted Too', status: AccountStatus.CANCELLED });
  const result = await h.run(`{ subscribers(first: 1, filter: { search: "Zebedee" }) { totalCount } }`, {
    token: admin,
  });
  expect(result.data).toEqual({ subscribers: { totalCount: 2 } });
});
