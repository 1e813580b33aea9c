import { Role } from '../../../src/auth/roles';
import { purgeHooks } from '../../../src/modules/retention/purge.service';
import { harnessForFile, errorOf } from '../../helpers/harness';
import {
  cancelledMonthsAgo,
  clearPurgeHooksAfterEach,
  columnsHolding,
  insertFullAccount,
  runRetentionPurge,
} from '../../helpers/lifecycle-fixtures';
import { insertVerification } from '../../helpers/privacy-fixtures';

/**
 * docs/design.md sections 2 and 4: a mutation's guard takes the account's row lock in the
 * mutation's transaction, so a purge running at the same time comes wholly before or
 * wholly after it. A change that waited for the purge sees PURGED and stores nothing; a
 * purge that waited for a change erases what the change wrote.
 */
const h = harnessForFile({ reset: 'each' });
clearPurgeHooksAfterEach();

const CHANGE = `mutation($id: ID!) { updateContactInfo(subscriberId: $id, input: {name: "Raced In"}) { name } }`;
const purge = () => runRetentionPurge(h.db, { requestId: `race-${Date.now()}` });

/** A promise and the function that settles it: a gate the purge waits at. */
function gate() {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { open, opened };
}

test('a change that arrives while the purge holds the account waits, then is refused', async () => {
  const { account } = await insertFullAccount(h.db, cancelledMonthsAgo(13));
  await insertVerification(h.db, { subscriberId: account.id, grantedTo: 'support-1' });
  const reached = gate();
  const proceed = gate();
  purgeHooks.beforeStep = async (step) => {
    if (step !== 'contact') return;
    reached.open(); // the purge holds the account's row lock now
    await proceed.opened;
  };
  const purging = purge();
  await reached.opened;
  const changing = h.run(CHANGE, { token: await h.token(Role.SUPPORT), variables: { id: account.id } });
  // Give the change time to reach the lock; it cannot get past it while the purge holds it.
  await new Promise((resolve) => setTimeout(resolve, 300));
  proceed.open();
  expect((await purging).purged).toEqual([account.id]);
  const changed = await changing;
  expect(errorOf(changed)).toMatchObject({ code: 'CONFLICT', reason: 'ACCOUNT_PURGED' });
  expect(await columnsHolding(h.db, ['Raced In'])).toEqual([]);
});

test('a purge that arrives while a change holds the account erases what the change wrote', async () => {
  const { account } = await insertFullAccount(h.db, cancelledMonthsAgo(13));
  await insertVerification(h.db, { subscriberId: account.id, grantedTo: 'support-1' });
  // The change commits only when its response is ready: hold it there by taking the
  // access-log head, which its commit needs, from another connection.
  const blocker = h.db.createQueryRunner();
  await blocker.connect();
  await blocker.startTransaction();
  await blocker.query('SELECT last_id FROM access_log_head WHERE id = 1 FOR UPDATE');
  try {
    const changing = h.run(CHANGE, { token: await h.token(Role.SUPPORT), variables: { id: account.id } });
    await new Promise((resolve) => setTimeout(resolve, 300));
    const purging = purge(); // waits for the change's row lock
    await new Promise((resolve) => setTimeout(resolve, 300));
    await blocker.commitTransaction();
    expect((await changing).data).toEqual({ updateContactInfo: { name: 'Raced In' } });
    expect((await purging).purged).toEqual([account.id]);
  } finally {
    if (blocker.isTransactionActive) await blocker.rollbackTransaction();
    await blocker.release();
  }
  expect(await columnsHolding(h.db, ['Raced In'])).toEqual([]);
});
