import { Role } from '../../../src/auth/roles';
import { clock, DAY_MS } from '../../../src/common/clock';
import { verifyAccessLog } from '../../../src/access-log/access-log.service';
import { purgeHooks } from '../../../src/modules/retention/purge.service';
import { harnessForFile, errorOf } from '../../helpers/harness';
import { insertSubscriber } from '../../helpers/fixtures';
import {
  cancelledMonthsAgo,
  clearPurgeHooksAfterEach,
  columnsHolding,
  insertFullAccount,
  runRetentionPurge,
} from '../../helpers/lifecycle-fixtures';

const h = harnessForFile({ reset: 'each' });
clearPurgeHooksAfterEach();
afterEach(() => clock.reset());

const purge = (dryRun = false, batchSize = 2) => runRetentionPurge(h.db, { dryRun, batchSize });

const row = async (sql: string, id: string) => (await h.db.query(sql, [id]))[0];
const purgeLogCount = async (id: string) =>
  Number(
    (
      await row(
        `SELECT COUNT(*) AS n FROM access_log WHERE subscriber_id = ? AND operation = 'retention.purge'`,
        id,
      )
    ).n,
  );

async function hold(subscriberId: string, reason: string): Promise<string> {
  const [inserted] = await h.db.query(
    `INSERT INTO retention_holds (subscriber_id, reason, note, placed_by, placed_at)
     VALUES (?, ?, 'case', 'compliance-1', NOW(3)) RETURNING id`,
    [subscriberId, reason],
  );
  return String(inserted.id);
}

async function expectFullyErased(id: string) {
  expect(
    await row(
      'SELECT status, name, email, phone, address_line1, address_city, purged_at FROM subscribers WHERE id = ?',
      id,
    ),
  ).toMatchObject({
    status: 'PURGED',
    name: null,
    email: null,
    phone: null,
    address_line1: null,
    address_city: null,
  });
  expect((await row('SELECT purged_at FROM subscribers WHERE id = ?', id)).purged_at).toBeInstanceOf(Date);
  expect(
    Number((await row('SELECT COUNT(*) AS n FROM billing_profiles WHERE subscriber_id = ?', id)).n),
  ).toBe(0);
  const ips = (
    await h.db.query('SELECT ip_address FROM sessions WHERE subscriber_id = ? ORDER BY id', [id])
  ).map((r: { ip_address: string }) => r.ip_address);
  expect(ips).toEqual(['198.51.100.0/24', '198.51.100.0/24', '198.51.100.0/24', '2001:db8:abcd::/48']);
  const payments = await h.db.query(
    'SELECT amount_cents, currency, status, paid_at, card_last4, invoice_number FROM payments WHERE subscriber_id = ?',
    [id],
  );
  expect(payments).toHaveLength(2);
  for (const p of payments) {
    expect(p).toMatchObject({ currency: 'USD', status: 'SUCCEEDED', card_last4: null, invoice_number: null });
    expect(p.amount_cents).toBeGreaterThan(0);
  }
  expect(await row('SELECT subject FROM support_tickets WHERE subscriber_id = ?', id)).toEqual({
    subject: null,
  });
  expect(
    await row(
      'SELECT m.body FROM ticket_messages m JOIN support_tickets t ON t.id = m.ticket_id WHERE t.subscriber_id = ?',
      id,
    ),
  ).toEqual({ body: null });
  for (const table of ['product_inquiries', 'survey_responses', 'communication_preferences']) {
    expect(Number((await row(`SELECT COUNT(*) AS n FROM ${table} WHERE subscriber_id = ?`, id)).n)).toBe(0);
  }
  expect(
    await row(
      'SELECT registrant_name, registrant_organization, registrant_email FROM domain_registrations WHERE subscriber_id = ?',
      id,
    ),
  ).toEqual({ registrant_name: null, registrant_organization: null, registrant_email: null });
}

describe('the retention purge', () => {
  test('accounts not yet due, and active ones, are left alone', async () => {
    const { account: recent } = await insertFullAccount(h.db, cancelledMonthsAgo(11));
    const { account: active } = await insertFullAccount(h.db);
    const outcome = await purge();
    expect(outcome).toEqual({ dryRun: false, purged: [], skippedOnHold: [], failed: [] });
    for (const id of [recent.id, active.id]) {
      expect((await row('SELECT email FROM subscribers WHERE id = ?', id)).email).not.toBeNull();
    }
  });

  test('the clock moved past the period: erased as the policy says, one log entry, a second run does nothing', async () => {
    clock.freeze(new Date('2026-01-15T12:00:00.000Z'));
    const { account } = await insertFullAccount(h.db, cancelledMonthsAgo(0));
    clock.advance(364 * DAY_MS);
    expect((await purge()).purged).toEqual([]);
    clock.advance(2 * DAY_MS);
    expect(await purge()).toEqual({ dryRun: false, purged: [account.id], skippedOnHold: [], failed: [] });
    await expectFullyErased(account.id);
    const [entry] = await h.db.query(
      `SELECT actor_id, category, basis, operation, fields FROM access_log WHERE subscriber_id = ? AND operation = 'retention.purge'`,
      [account.id],
    );
    expect(entry).toMatchObject({ actor_id: 'compliance-1', basis: 'ROLE', operation: 'retention.purge' });
    expect(JSON.parse(entry.fields)).toEqual(
      expect.arrayContaining(['email', 'billing', 'sessions.ipAddress']),
    );
    expect(await purge()).toEqual({ dryRun: false, purged: [], skippedOnHold: [], failed: [] });
    expect(await purgeLogCount(account.id)).toBe(1);
    expect((await verifyAccessLog(h.db)).ok).toBe(true);
  });

  test('after the purge the old e-mail, name and phone are in no column of any table', async () => {
    const { account, person } = await insertFullAccount(h.db, cancelledMonthsAgo(13));
    expect(await columnsHolding(h.db, [person.email, person.name, person.phone])).not.toEqual([]);
    expect((await purge()).purged).toEqual([account.id]);
    expect(await columnsHolding(h.db, [person.email, person.name, person.phone])).toEqual([]);
  });

  test('a LEGAL_OBLIGATION hold keeps everything; released, the account is purged on the next run', async () => {
    const { account } = await insertFullAccount(h.db, cancelledMonthsAgo(13));
    const holdId = await hold(account.id, 'LEGAL_OBLIGATION');
    expect(await purge()).toEqual({ dryRun: false, purged: [], skippedOnHold: [account.id], failed: [] });
    expect(await row('SELECT status, email FROM subscribers WHERE id = ?', account.id)).toEqual({
      status: 'CANCELLED',
      email: account.email,
    });
    expect(
      (await row('SELECT subject FROM support_tickets WHERE subscriber_id = ?', account.id)).subject,
    ).not.toBeNull();
    await h.db.query('UPDATE retention_holds SET released_at = NOW(3) WHERE id = ?', [holdId]);
    expect((await purge()).purged).toEqual([account.id]);
    await expectFullyErased(account.id);
  });

  test('an ACCOUNTING_IRREGULARITY hold keeps contact and billing only (RETAINED), until it is released', async () => {
    const { account } = await insertFullAccount(h.db, cancelledMonthsAgo(13));
    const holdId = await hold(account.id, 'ACCOUNTING_IRREGULARITY');
    expect((await purge()).purged).toEqual([account.id]);
    expect(await row('SELECT status, email, name FROM subscribers WHERE id = ?', account.id)).toEqual({
      status: 'RETAINED',
      email: account.email,
      name: account.name,
    });
    expect(
      Number((await row('SELECT COUNT(*) AS n FROM billing_profiles WHERE subscriber_id = ?', account.id)).n),
    ).toBe(1);
    expect(
      (await row('SELECT card_last4 FROM payments WHERE subscriber_id = ? LIMIT 1', account.id)).card_last4,
    ).toBe('4242');
    expect(
      (await row('SELECT subject FROM support_tickets WHERE subscriber_id = ?', account.id)).subject,
    ).toBeNull();
    expect(
      Number(
        (await row('SELECT COUNT(*) AS n FROM product_inquiries WHERE subscriber_id = ?', account.id)).n,
      ),
    ).toBe(0);
    // What is kept to resolve the matter is readable under the usual rules; the rest is gone.
    const read = await h.run(
      `query($id: ID!) { subscriber(id: $id) { status name email productInquiries { id } } }`,
      { token: await h.token(Role.ADMIN), variables: { id: account.id } },
    );
    expect(read.data).toEqual({
      subscriber: { status: 'RETAINED', name: account.name, email: account.email, productInquiries: null },
    });
    expect((await purge()).purged).toEqual([]);
    await h.db.query('UPDATE retention_holds SET released_at = NOW(3) WHERE id = ?', [holdId]);
    expect((await purge()).purged).toEqual([account.id]);
    await expectFullyErased(account.id);
    expect(await purgeLogCount(account.id)).toBe(2);
  });

  test('a dry run lists what would happen and changes nothing', async () => {
    const { account: due } = await insertFullAccount(h.db, cancelledMonthsAgo(13));
    const { account: held } = await insertFullAccount(h.db, cancelledMonthsAgo(14));
    await hold(held.id, 'LEGAL_OBLIGATION');
    const [{ n: logBefore }] = await h.db.query('SELECT COUNT(*) AS n FROM access_log');
    expect(await purge(true)).toEqual({
      dryRun: true,
      purged: [due.id],
      skippedOnHold: [held.id],
      failed: [],
    });
    expect((await row('SELECT status, email FROM subscribers WHERE id = ?', due.id)).email).toBe(due.email);
    const [{ n: logAfter }] = await h.db.query('SELECT COUNT(*) AS n FROM access_log');
    expect(logAfter).toBe(logBefore);
  });

  test('two purges at once never process an account twice', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 8; i++) ids.push((await insertFullAccount(h.db, cancelledMonthsAgo(13))).account.id);
    const [a, b] = await Promise.all([purge(false, 3), purge(false, 3)]);
    expect([...a.purged, ...b.purged].sort()).toEqual([...ids].sort());
    expect(a.purged.filter((id) => b.purged.includes(id))).toEqual([]);
    for (const id of ids) expect(await purgeLogCount(id)).toBe(1);
    expect((await verifyAccessLog(h.db)).ok).toBe(true);
  });

  test('a failure half-way through one account rolls it back; the next run purges it', async () => {
    const { account: first } = await insertFullAccount(h.db, cancelledMonthsAgo(13));
    const { account: broken } = await insertFullAccount(h.db, cancelledMonthsAgo(13));
    const { account: last } = await insertFullAccount(h.db, cancelledMonthsAgo(13));
    purgeHooks.beforeStep = (step, id) => {
      if (id === broken.id && step === 'tickets') throw new Error('disk full');
    };
    const outcome = await purge();
    expect(outcome).toEqual({
      dryRun: false,
      purged: [first.id, last.id],
      skippedOnHold: [],
      failed: [broken.id],
    });
    // Contact, billing and sessions were erased before the failure: all rolled back.
    expect(await row('SELECT status, email FROM subscribers WHERE id = ?', broken.id)).toEqual({
      status: 'CANCELLED',
      email: broken.email,
    });
    expect(
      Number((await row('SELECT COUNT(*) AS n FROM billing_profiles WHERE subscriber_id = ?', broken.id)).n),
    ).toBe(1);
    expect(
      (await row('SELECT ip_address FROM sessions WHERE subscriber_id = ? LIMIT 1', broken.id)).ip_address,
    ).not.toContain('/');
    expect(await purgeLogCount(broken.id)).toBe(0);
    purgeHooks.beforeStep = undefined;
    expect((await purge()).purged).toEqual([broken.id]);
    await expectFullyErased(broken.id);
  });
});

describe('runRetentionPurge', () => {
  test('ADMIN and COMPLIANCE may run it, a dry run by default; SUPPORT may not', async () => {
    const { account } = await insertFullAccount(h.db, cancelledMonthsAgo(13));
    const dry = await h.run(`mutation { runRetentionPurge { dryRun purged skippedOnHold failed } }`, {
      token: await h.token(Role.COMPLIANCE),
    });
    expect(dry.data).toEqual({
      runRetentionPurge: { dryRun: true, purged: [account.id], skippedOnHold: [], failed: [] },
    });
    const denied = await h.run(`mutation { runRetentionPurge(dryRun: false) { dryRun } }`, {
      token: await h.token(Role.SUPPORT),
    });
    expect(errorOf(denied)?.reason).toBe('ROLE_NOT_PERMITTED');
    const real = await h.run(`mutation { runRetentionPurge(dryRun: false) { dryRun purged } }`, {
      token: await h.token(Role.ADMIN, 'admin-7'),
    });
    expect(real.data).toEqual({ runRetentionPurge: { dryRun: false, purged: [account.id] } });
    const [entry] = await h.db.query(
      `SELECT actor_id, actor_role FROM access_log WHERE subscriber_id = ? AND operation = 'retention.purge'`,
      [account.id],
    );
    expect(entry).toEqual({ actor_id: 'admin-7', actor_role: 'ADMIN' });
  });

  test('a customer of a plain active account is untouched by a purge of others', async () => {
    const active = await insertSubscriber(h.db);
    await insertFullAccount(h.db, cancelledMonthsAgo(13));
    await purge();
    expect((await row('SELECT status FROM subscribers WHERE id = ?', active.id)).status).toBe('ACTIVE');
  });
});
