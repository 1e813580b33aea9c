import { Role } from '../../../src/auth/roles';
import { clock, DAY_MS, HOUR_MS } from '../../../src/common/clock';
import { startHarness, Harness, resetData, errorOf } from '../../helpers/harness';
import { insertHistory, insertSubscriber } from '../../helpers/fixtures';
import { entriesSince, logMark } from '../../helpers/privacy-fixtures';

/** Disclosure exceptions (docs/design.md section 2): four eyes, EMERGENCY, expiry, what they open. */
let h: Harness;
beforeAll(async () => {
  h = await startHarness();
  await resetData(h.db);
});
afterAll(() => {
  clock.reset();
  return h.close();
});

const FIELDS = 'id status awaitingReview requestedBy approvedBy reviewedBy categories validFrom';
const REQUEST = `mutation R($input: DisclosureExceptionInput!) { requestDisclosureException(input: $input) { ${FIELDS} } }`;
const APPROVE = `mutation A($id: ID!) { approveDisclosureException(id: $id) { ${FIELDS} } }`;
const REJECT = `mutation J($id: ID!, $note: String!) { rejectDisclosureException(id: $id, note: $note) { ${FIELDS} } }`;
const REVOKE = `mutation V($id: ID!) { revokeDisclosureException(id: $id) { ${FIELDS} } }`;

type Exception = { id: string; status: string; awaitingReview: boolean; approvedBy: string | null };
const tokens: Record<string, string> = {};
const as = async (actor: string, role = Role.COMPLIANCE) => (tokens[actor] ??= await h.token(role, actor));

async function request(
  subscriberId: string,
  basis: string,
  categories: string[],
  ms = DAY_MS,
  actor = 'officer-a',
) {
  const input = {
    subscriberId,
    basis,
    reference: 'Court order 2026/17',
    justification: 'Police request under court order',
    categories,
    validUntil: new Date(Date.now() + ms).toISOString(),
  };
  return h.run<{ requestDisclosureException: Exception }>(REQUEST, {
    token: await as(actor),
    variables: { input },
  });
}

describe('four eyes', () => {
  test('LEGAL_PROCESS starts PENDING; the requester cannot approve; another officer can', async () => {
    const s = await insertSubscriber(h.db);
    const mark = await logMark(h.db);
    const created = await request(s.id, 'LEGAL_PROCESS', ['BILLING', 'USAGE']);
    const e = created.data!.requestDisclosureException;
    expect(e).toMatchObject({
      status: 'PENDING',
      awaitingReview: false,
      requestedBy: 'officer-a',
      validFrom: null,
    });
    const self = await h.run(APPROVE, { token: await as('officer-a'), variables: { id: e.id } });
    expect(errorOf(self)).toMatchObject({ code: 'FORBIDDEN', reason: 'FOUR_EYES_REQUIRED' });
    const admin = await h.run(APPROVE, { token: await as('admin-a', Role.ADMIN), variables: { id: e.id } });
    expect(errorOf(admin)?.reason).toBe('ROLE_NOT_PERMITTED');
    const approved = await h.run(APPROVE, { token: await as('officer-b'), variables: { id: e.id } });
    expect(approved.data?.approveDisclosureException).toMatchObject({
      status: 'ACTIVE',
      approvedBy: 'officer-b',
    });
    const again = await h.run(APPROVE, { token: await as('officer-c'), variables: { id: e.id } });
    expect(errorOf(again)).toMatchObject({ code: 'CONFLICT', reason: 'EXCEPTION_NOT_PENDING' });
    const rejectActive = await h.run(REJECT, {
      token: await as('officer-c'),
      variables: { id: e.id, note: 'no' },
    });
    expect(errorOf(rejectActive)?.reason).toBe('EXCEPTION_NOT_PENDING');
    const log = await entriesSince(h.db, mark);
    expect(log.map((x) => [x.operation, x.actorId, x.category, x.disclosureExceptionId])).toEqual([
      ['requestDisclosureException', 'officer-a', 'COMPLIANCE', e.id],
      ['approveDisclosureException', 'officer-b', 'COMPLIANCE', e.id],
    ]);
  });

  test('EMERGENCY is ACTIVE at once and awaits review; approval records it, rejection ends it', async () => {
    const s = await insertSubscriber(h.db);
    const first = (await request(s.id, 'EMERGENCY', ['BILLING'], 24 * HOUR_MS)).data!
      .requestDisclosureException;
    expect(first).toMatchObject({ status: 'ACTIVE', awaitingReview: true });
    const reviewed = await h.run(APPROVE, { token: await as('officer-b'), variables: { id: first.id } });
    expect(reviewed.data?.approveDisclosureException).toMatchObject({
      status: 'ACTIVE',
      awaitingReview: false,
      reviewedBy: 'officer-b',
    });
    const second = (await request(s.id, 'EMERGENCY', ['BILLING'], 24 * HOUR_MS)).data!
      .requestDisclosureException;
    const rejected = await h.run(REJECT, {
      token: await as('officer-b'),
      variables: { id: second.id, note: 'No risk' },
    });
    expect(rejected.data?.rejectDisclosureException).toMatchObject({
      status: 'REJECTED',
      awaitingReview: false,
    });
    const billing = await h.run(`query Q($id: ID!) { subscriber(id: $id) { billingAccess { granted } } }`, {
      token: await as('officer-a'),
      variables: { id: s.id },
    });
    // The reviewed first exception still opens billing for its requester.
    expect(billing.data?.subscriber).toEqual({ billingAccess: { granted: true } });
  });

  test('revoke ends a PENDING or ACTIVE exception; an ended one is a CONFLICT', async () => {
    const s = await insertSubscriber(h.db);
    const e = (await request(s.id, 'PROTECT_RIGHTS', ['BILLING'])).data!.requestDisclosureException;
    const revoked = await h.run(REVOKE, { token: await as('admin-a', Role.ADMIN), variables: { id: e.id } });
    expect(revoked.data?.revokeDisclosureException).toMatchObject({ status: 'REVOKED' });
    const again = await h.run(REVOKE, { token: await as('officer-a'), variables: { id: e.id } });
    expect(errorOf(again)).toMatchObject({ code: 'CONFLICT', reason: 'EXCEPTION_ENDED' });
    const approve = await h.run(APPROVE, { token: await as('officer-b'), variables: { id: e.id } });
    expect(errorOf(approve)?.reason).toBe('EXCEPTION_NOT_PENDING');
  });
});

describe('input', () => {
  test.each([
    ['LEGAL_PROCESS', 91 * DAY_MS, 'VALIDITY_TOO_LONG'],
    ['EMERGENCY', 73 * HOUR_MS, 'VALIDITY_TOO_LONG'],
    ['LEGAL_PROCESS', -HOUR_MS, 'INVALID_INPUT'],
  ])('%s valid for %d ms → %s', async (basis, ms, reason) => {
    const s = await insertSubscriber(h.db);
    const result = await request(s.id, basis, ['BILLING'], ms);
    expect(result.errors?.[0].extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      reason,
      field: 'input.validUntil',
    });
  });

  test('categories, reference and justification are required', async () => {
    const s = await insertSubscriber(h.db);
    const none = await request(s.id, 'LEGAL_PROCESS', []);
    expect(none.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.categories' });
    const input = {
      subscriberId: s.id,
      basis: 'LEGAL_PROCESS',
      reference: '  ',
      justification: 'x',
      categories: ['BILLING'],
      validUntil: new Date(Date.now() + DAY_MS).toISOString(),
    };
    const blank = await h.run(REQUEST, { token: await as('officer-a'), variables: { input } });
    expect(blank.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.reference' });
  });
});

describe('reading under an exception', () => {
  const READ = `query Q($id: ID!) { subscriber(id: $id) {
    sessions(first: 5) { edges { node { ipAddress } } }
    supportTickets(first: 5) { edges { node { subject } } }
    disclosureExceptions { id status }
  } }`;

  test('COMPLIANCE reads the categories listed, logged with the exception; others stay CATEGORY_NOT_COVERED', async () => {
    const s = await insertSubscriber(h.db);
    await insertHistory(h.db, s.id, { sessions: 2, tickets: 1 });
    const e = (await request(s.id, 'LEGAL_PROCESS', ['USAGE'])).data!.requestDisclosureException;
    const token = await as('officer-a');
    const pending = await h.run<{ subscriber: Record<string, unknown> }>(READ, {
      token,
      variables: { id: s.id },
    });
    expect(pending.data?.subscriber.sessions).toBeNull();
    expect(pending.errors?.map((x) => x.extensions?.reason)).toEqual([
      'CATEGORY_NOT_COVERED',
      'CATEGORY_NOT_COVERED',
    ]);
    await h.run(APPROVE, { token: await as('officer-b'), variables: { id: e.id } });
    const mark = await logMark(h.db);
    const open = await h.run<{ subscriber: Record<string, unknown> }>(READ, {
      token,
      variables: { id: s.id },
    });
    expect(open.data?.subscriber.sessions).toMatchObject({ edges: [{}, {}] });
    expect(open.data?.subscriber.supportTickets).toBeNull();
    expect(open.errors?.map((x) => [x.path?.join('.'), x.extensions?.reason])).toEqual([
      ['subscriber.supportTickets', 'CATEGORY_NOT_COVERED'],
    ]);
    expect(open.data?.subscriber.disclosureExceptions).toEqual([{ id: e.id, status: 'ACTIVE' }]);
    expect(await entriesSince(h.db, mark)).toEqual([
      {
        actorId: 'officer-a',
        actorRole: 'COMPLIANCE',
        subscriberId: s.id,
        category: 'USAGE',
        fields: ['Subscriber.sessions'],
        basis: 'LEGAL_PROCESS',
        disclosureExceptionId: e.id,
        operation: 'subscriber',
      },
    ]);
  });

  test('expiry is computed at read time: EXPIRED, and nothing opens any more', async () => {
    const s = await insertSubscriber(h.db);
    const e = (await request(s.id, 'EMERGENCY', ['BILLING'], HOUR_MS)).data!.requestDisclosureException;
    clock.advance(2 * HOUR_MS);
    try {
      const token = await as('officer-a');
      const list = await h.run(
        `query L($id: ID) { disclosureExceptions(subscriberId: $id, status: EXPIRED) { id status } }`,
        {
          token,
          variables: { id: s.id },
        },
      );
      expect(list.data?.disclosureExceptions).toEqual([{ id: e.id, status: 'EXPIRED' }]);
      const active = await h.run(
        `query L($id: ID) { disclosureExceptions(subscriberId: $id, status: ACTIVE) { id } }`,
        {
          token,
          variables: { id: s.id },
        },
      );
      expect(active.data?.disclosureExceptions).toEqual([]);
      const access = await h.run(
        `query Q($id: ID!) { subscriber(id: $id) { billingAccess { granted reason } } }`,
        {
          token,
          variables: { id: s.id },
        },
      );
      expect(access.data?.subscriber).toEqual({
        billingAccess: { granted: false, reason: 'ID_VERIFICATION_REQUIRED' },
      });
      const revoke = await h.run(REVOKE, { token, variables: { id: e.id } });
      expect(errorOf(revoke)?.reason).toBe('EXCEPTION_ENDED');
    } finally {
      clock.reset();
    }
  });

  test('the disclosureExceptions query is for COMPLIANCE and ADMIN only', async () => {
    for (const role of [Role.SUPPORT, Role.BILLING, Role.CUSTOMER]) {
      const r = await h.run(`{ disclosureExceptions { id } }`, { token: await h.token(role) });
      expect(errorOf(r)?.reason).toBe('ROLE_NOT_PERMITTED');
    }
    const admin = await h.run(`{ disclosureExceptions(status: PENDING) { id } }`, {
      token: await h.token(Role.ADMIN),
    });
    expect(admin.errors).toBeUndefined();
  });
});
