import { Role } from '../../../src/auth/roles';
import { clock, DAY_MS, addMonthsUtc } from '../../../src/common/clock';
import { AccountStatus } from '../../../src/access/account-status';
import { errorOf, Harness, resetData, startHarness } from '../../helpers/harness';
import { insertSubscriber } from '../../helpers/fixtures';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.close());
beforeEach(() => resetData(h.db));
afterEach(() => clock.reset());

const CANCEL = `mutation($id: ID!) { cancelAccount(subscriberId: $id) { id status cancelledAt deletionDueAt email } }`;
const REACTIVATE = `mutation($id: ID!) { reactivateAccount(subscriberId: $id) { id status cancelledAt deletionDueAt email } }`;
const PLACE = `mutation($id: ID!, $reason: HoldReason!) {
  placeRetentionHold(subscriberId: $id, reason: $reason, note: "Case 17") { id reason placedBy releasedAt } }`;
const RELEASE = `mutation($id: ID!) { releaseRetentionHold(id: $id) { id releasedAt } }`;
const READ = `query($id: ID!) { subscriber(id: $id) { id status deletionDueAt retentionHolds { id reason releasedAt } } }`;

describe('cancellation and reactivation', () => {
  test('a customer cancels its own account: CANCELLED, deletionDueAt twelve months on', async () => {
    const s = await insertSubscriber(h.db);
    clock.freeze(new Date('2026-03-31T10:00:00.000Z'));
    const result = await h.run(CANCEL, {
      token: await h.token(Role.CUSTOMER, s.id),
      variables: { id: s.id },
    });
    expect(result.errors).toBeUndefined();
    expect(JSON.parse(JSON.stringify(result.data))).toEqual({
      cancelAccount: {
        id: s.id,
        status: 'CANCELLED',
        cancelledAt: '2026-03-31T10:00:00.000Z',
        deletionDueAt: addMonthsUtc(new Date('2026-03-31T10:00:00.000Z'), 12).toISOString(),
        email: s.email,
      },
    });
  });

  test('a customer cannot cancel another account: NOT_FOUND', async () => {
    const [a, b] = [await insertSubscriber(h.db), await insertSubscriber(h.db)];
    const result = await h.run(CANCEL, {
      token: await h.token(Role.CUSTOMER, a.id),
      variables: { id: b.id },
    });
    expect(errorOf(result)?.reason).toBe('NOT_FOUND');
  });

  test('BILLING and REPORTING may not cancel', async () => {
    const s = await insertSubscriber(h.db);
    for (const role of [Role.BILLING, Role.COMPLIANCE]) {
      const result = await h.run(CANCEL, { token: await h.token(role), variables: { id: s.id } });
      expect(errorOf(result)?.reason).toBe('ROLE_NOT_PERMITTED');
    }
  });

  test('the e-mail stays reserved while cancelled and comes back on reactivation', async () => {
    const s = await insertSubscriber(h.db);
    const support = await h.token(Role.SUPPORT);
    await h.run(CANCEL, { token: support, variables: { id: s.id } });
    const taken = await h.run(
      `mutation($email: String!) { createSubscriber(input: {name: "Other", email: $email}) { id } }`,
      {
        token: support,
        variables: { email: s.email },
      },
    );
    expect(errorOf(taken)?.code).toBe('CONFLICT');
    clock.advance(300 * DAY_MS);
    const customer = await h.token(Role.CUSTOMER, s.id);
    // A cancelled customer still reads its data.
    const me = await h.run(`{ me { id status email } }`, { token: customer });
    expect(me.data).toEqual({ me: { id: s.id, status: 'CANCELLED', email: s.email } });
    const back = await h.run(REACTIVATE, { token: customer, variables: { id: s.id } });
    expect(back.errors).toBeUndefined();
    expect(JSON.parse(JSON.stringify(back.data))).toEqual({
      reactivateAccount: {
        id: s.id,
        status: 'ACTIVE',
        cancelledAt: null,
        deletionDueAt: null,
        email: s.email,
      },
    });
  });

  test('reactivation: ACCOUNT_NOT_CANCELLED, REACTIVATION_WINDOW_CLOSED, ACCOUNT_PURGED', async () => {
    const admin = await h.token(Role.ADMIN);
    const active = await insertSubscriber(h.db);
    expect(errorOf(await h.run(REACTIVATE, { token: admin, variables: { id: active.id } }))).toMatchObject({
      code: 'CONFLICT',
      reason: 'ACCOUNT_NOT_CANCELLED',
    });
    const late = await insertSubscriber(h.db, {
      status: AccountStatus.CANCELLED,
      cancelledAt: addMonthsUtc(clock.now(), -12),
    });
    expect(errorOf(await h.run(REACTIVATE, { token: admin, variables: { id: late.id } }))).toMatchObject({
      code: 'CONFLICT',
      reason: 'REACTIVATION_WINDOW_CLOSED',
    });
    const purged = await insertSubscriber(h.db, {
      status: AccountStatus.PURGED,
      email: null,
      name: null,
      phone: null,
      cancelledAt: new Date('2024-01-01T00:00:00Z'),
      purgedAt: new Date('2025-01-02T00:00:00Z'),
    });
    expect(errorOf(await h.run(REACTIVATE, { token: admin, variables: { id: purged.id } }))).toMatchObject({
      code: 'CONFLICT',
      reason: 'ACCOUNT_PURGED',
    });
    expect(errorOf(await h.run(CANCEL, { token: admin, variables: { id: purged.id } }))?.reason).toBe(
      'ACCOUNT_PURGED',
    );
  });

  test('a purged account answers with identifier fields and status only; mutations on it conflict', async () => {
    const purged = await insertSubscriber(h.db, {
      status: AccountStatus.PURGED,
      cancelledAt: new Date('2024-01-01T00:00:00Z'),
      purgedAt: new Date('2025-01-02T00:00:00Z'),
    });
    const admin = await h.token(Role.ADMIN);
    const read = await h.run(
      `query($id: ID!) { subscriber(id: $id) { id accountNumber status name email phone address { city }
        sessions { totalCount } supportTickets { totalCount } productInquiries { id } domains { domain } } }`,
      { token: admin, variables: { id: purged.id } },
    );
    expect(read.errors).toBeUndefined();
    expect(read.data).toEqual({
      subscriber: {
        id: purged.id,
        accountNumber: purged.accountNumber,
        status: 'PURGED',
        name: null,
        email: null,
        phone: null,
        address: null,
        sessions: null,
        supportTickets: null,
        productInquiries: null,
        domains: null,
      },
    });
    const session = await h.run(
      `mutation($id: ID!) { recordSession(input: {subscriberId: $id, startedAt: "2026-01-01T00:00:00Z", ipAddress: "198.51.100.7"}) { id } }`,
      { token: admin, variables: { id: purged.id } },
    );
    expect(errorOf(session)).toMatchObject({ code: 'CONFLICT', reason: 'ACCOUNT_PURGED' });
    const ticket = await h.run(
      `mutation($id: ID!) { openSupportTicket(input: {subscriberId: $id, subject: "Hi", body: "Hello", channel: WEB}) { id } }`,
      { token: admin, variables: { id: purged.id } },
    );
    expect(errorOf(ticket)).toMatchObject({ code: 'CONFLICT', reason: 'ACCOUNT_PURGED' });
    const [opened] = await h.db.query(
      `INSERT INTO support_tickets (subscriber_id, subject, status, opened_by, created_at, updated_at)
       VALUES (?, NULL, 'OPEN', 'support-1', NOW(3), NOW(3)) RETURNING id`,
      [purged.id],
    );
    const reply = await h.run(
      `mutation($id: ID!) { addTicketMessage(ticketId: $id, body: "Still there?", channel: EMAIL) { id } }`,
      { token: admin, variables: { id: String(opened.id) } },
    );
    expect(errorOf(reply)).toMatchObject({ code: 'CONFLICT', reason: 'ACCOUNT_PURGED' });
  });
});

describe('retention holds', () => {
  test('COMPLIANCE places and releases holds; deletionDueAt is null while one applies', async () => {
    const s = await insertSubscriber(h.db, { status: AccountStatus.CANCELLED, cancelledAt: new Date() });
    const compliance = await h.token(Role.COMPLIANCE, 'officer-1');
    const admin = await h.token(Role.ADMIN);
    const placed = await h.run(PLACE, {
      token: compliance,
      variables: { id: s.id, reason: 'LEGAL_OBLIGATION' },
    });
    expect(placed.errors).toBeUndefined();
    const hold = (placed.data as { placeRetentionHold: { id: string } }).placeRetentionHold;
    expect(placed.data).toMatchObject({
      placeRetentionHold: { reason: 'LEGAL_OBLIGATION', placedBy: 'officer-1', releasedAt: null },
    });
    const held = await h.run(READ, { token: admin, variables: { id: s.id } });
    expect(held.data).toMatchObject({
      subscriber: {
        deletionDueAt: null,
        retentionHolds: [{ id: hold.id, reason: 'LEGAL_OBLIGATION', releasedAt: null }],
      },
    });
    const released = await h.run(RELEASE, { token: compliance, variables: { id: hold.id } });
    expect(released.errors).toBeUndefined();
    const after = await h.run(READ, { token: admin, variables: { id: s.id } });
    expect(
      (after.data as { subscriber: { deletionDueAt: string | null } }).subscriber.deletionDueAt,
    ).not.toBeNull();
    const logged = await h.db.query(
      `SELECT operation, basis, category FROM access_log WHERE subscriber_id = ? AND operation LIKE '%RetentionHold' ORDER BY id`,
      [s.id],
    );
    expect(logged).toEqual([
      { operation: 'placeRetentionHold', basis: 'ROLE', category: 'COMPLIANCE' },
      { operation: 'releaseRetentionHold', basis: 'ROLE', category: 'COMPLIANCE' },
    ]);
  });

  test('ADMIN may read holds but not place them; SUPPORT may not read them', async () => {
    const s = await insertSubscriber(h.db);
    const admin = await h.run(PLACE, {
      token: await h.token(Role.ADMIN),
      variables: { id: s.id, reason: 'LEGAL_OBLIGATION' },
    });
    expect(errorOf(admin)?.reason).toBe('ROLE_NOT_PERMITTED');
    const support = await h.run(READ, { token: await h.token(Role.SUPPORT), variables: { id: s.id } });
    expect(support.data).toMatchObject({ subscriber: { id: s.id, retentionHolds: null } });
    expect(errorOf(support)?.reason).toBe('ROLE_NOT_PERMITTED');
  });

  test('a hold needs a note; an unknown subscriber is NOT_FOUND', async () => {
    const compliance = await h.token(Role.COMPLIANCE);
    const s = await insertSubscriber(h.db);
    const empty = await h.run(
      `mutation($id: ID!) { placeRetentionHold(subscriberId: $id, reason: LEGAL_OBLIGATION, note: "  ") { id } }`,
      { token: compliance, variables: { id: s.id } },
    );
    expect(errorOf(empty)).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'INVALID_INPUT' });
    const unknown = await h.run(PLACE, {
      token: compliance,
      variables: { id: '999999999', reason: 'LEGAL_OBLIGATION' },
    });
    expect(errorOf(unknown)?.reason).toBe('NOT_FOUND');
  });

  test('deletionDueAt of a page of subscribers costs a constant number of statements', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 30; i++) {
      ids.push(
        (await insertSubscriber(h.db, { status: AccountStatus.CANCELLED, cancelledAt: new Date() })).id,
      );
    }
    const token = await h.token(Role.ADMIN);
    const small = await h.run(`{ subscribers(first: 2) { edges { node { id deletionDueAt } } } }`, { token });
    const large = await h.run(`{ subscribers(first: 30) { edges { node { id deletionDueAt } } } }`, {
      token,
    });
    expect(large.errors).toBeUndefined();
    expect(large.sqlStatements).toBe(small.sqlStatements);
  });
});
