import { Role } from '../../../src/auth/roles';
import { ACTOR_COLUMNS } from '../../../migrations/1764000830000-ActorIdCollation';
import { errorOf, Harness, resetData, startHarness } from '../../helpers/harness';
import { insertHistory, insertSubscriber } from '../../helpers/fixtures';
import { insertVerification } from '../../helpers/privacy-fixtures';

/**
 * docs/design.md section 2, "Actor ids": opaque, case-sensitive, compared byte for byte. Each
 * test replays an attack of issue 8, finding 3.
 */
let h: Harness;
beforeAll(async () => {
  h = await startHarness();
  await resetData(h.db);
});
afterAll(() => h.close());

const TICKETS = '{ supportTickets { edges { node { id messages { body } } } } }';
const MESSAGE = `mutation M($id: ID!) { addTicketMessage(ticketId: $id, body: "as someone else", channel: WEB) { id } }`;

describe('a CUSTOMER token names its subscriber in canonical decimal form', () => {
  let id: string;
  let ticketId: string;
  beforeAll(async () => {
    // Subscriber 2, as in the report of the attack (the table was emptied above).
    await h.db.query(
      `INSERT INTO subscribers (id, account_number, status, name, created_at) VALUES (2, 'KM-ACTOR-0002', 'ACTIVE', 'Two', NOW(3))`,
    );
    id = '2';
    await insertHistory(h.db, id, { tickets: 1 });
    [{ id: ticketId }] = await h.db.query('SELECT id FROM support_tickets WHERE subscriber_id = ?', [id]);
  });

  const variants: [string, (id: string) => string][] = [
    ['a leading zero', (id) => `0${id}`],
    ['trailing letters', (id) => `${id}abc`],
    ['a trailing space', (id) => `${id} `],
    ['a leading space', (id) => ` ${id}`],
    ['a fraction', (id) => `${id}.0`],
    ['an exponent', (id) => `${id}e0`],
    ['a sign', (id) => `+${id}`],
    ['a new line', (id) => `${id}\n`],
  ];

  test('the canonical id reads its tickets and writes as itself', async () => {
    const token = await h.token(Role.CUSTOMER, id);
    const read = await h.run(TICKETS, { token });
    expect(read.errors).toBeUndefined();
    expect(read.data).toMatchObject({ supportTickets: { edges: [{ node: { id: String(ticketId) } }] } });
    const write = await h.run(MESSAGE, { token, variables: { id: String(ticketId) } });
    expect(write.errors).toBeUndefined();
  });

  test.each(variants)('a sub with %s is TOKEN_INVALID: no read, no write', async (_label, spell) => {
    const token = await h.token(Role.CUSTOMER, spell(id));
    const before = await messageCount(ticketId);
    const read = await h.run(TICKETS, { token });
    expect(errorOf(read)).toMatchObject({ code: 'UNAUTHENTICATED', reason: 'TOKEN_INVALID' });
    expect(read.data).toBeNull();
    const write = await h.run(MESSAGE, { token, variables: { id: String(ticketId) } });
    expect(errorOf(write)).toMatchObject({ code: 'UNAUTHENTICATED', reason: 'TOKEN_INVALID' });
    expect(await messageCount(ticketId)).toBe(before);
  });

  test('the canonical id of no subscriber is TOKEN_INVALID, for queries and mutations alike', async () => {
    const [{ next }] = await h.db.query('SELECT MAX(id) + 1000 AS next FROM subscribers');
    const token = await h.token(Role.CUSTOMER, String(next));
    for (const operation of [
      '{ me { id } }',
      TICKETS,
      'mutation { submitSurveyResponse(survey: "nps", score: 9) { id } }',
    ]) {
      const result = await h.run(operation, { token });
      expect(errorOf(result)).toMatchObject({ code: 'UNAUTHENTICATED', reason: 'TOKEN_INVALID' });
    }
    const [{ n }] = await h.db.query('SELECT COUNT(*) AS n FROM survey_responses WHERE subscriber_id = ?', [
      next,
    ]);
    expect(Number(n)).toBe(0);
  });

  test('public operations still answer with a refused token', async () => {
    const result = await h.run('{ privacyPolicy { version } }', {
      token: await h.token(Role.CUSTOMER, `0${id}`),
    });
    expect(result.errors).toBeUndefined();
  });

  test('me costs no statement for the check: it reads through the same loader', async () => {
    const token = await h.token(Role.CUSTOMER, id);
    const me = await h.run('{ me { id } }', { token });
    expect(me.data).toEqual({ me: { id } });
    expect(me.sqlStatements).toBe(1);
  });
});

describe('staff actor ids', () => {
  test.each([
    ['a trailing space', 'officer-1 '],
    ['a leading tab', '\tofficer-1'],
    ['a NUL', 'officer\u0000-1'],
    ['a zero-width space', 'officer-1\u200b'],
    ['a no-break space', 'officer-1\u00a0'],
  ])('a sub with %s is TOKEN_INVALID', async (_label, sub) => {
    const result = await h.run('{ subscribers(first: 1) { totalCount } }', {
      token: await h.token(Role.SUPPORT, sub),
    });
    expect(errorOf(result)).toMatchObject({ code: 'UNAUTHENTICATED', reason: 'TOKEN_INVALID' });
  });

  test('four eyes: the requester cannot approve as "officer-1 " or "OFFICER-1"; a second officer can', async () => {
    const s = await insertSubscriber(h.db);
    const request = await h.run<{ requestDisclosureException: { id: string } }>(
      `mutation R($input: DisclosureExceptionInput!) { requestDisclosureException(input: $input) { id } }`,
      {
        token: await h.token(Role.COMPLIANCE, 'officer-1'),
        variables: {
          input: {
            subscriberId: s.id,
            basis: 'LEGAL_PROCESS',
            reference: 'Court order 2026/41',
            justification: 'Billing records under court order',
            categories: ['BILLING'],
            validUntil: new Date(Date.now() + 86_400_000).toISOString(),
          },
        },
      },
    );
    const exceptionId = request.data!.requestDisclosureException.id;
    const approve = async (sub: string) =>
      h.run<{ approveDisclosureException: { status: string; approvedBy: string } }>(
        'mutation A($id: ID!) { approveDisclosureException(id: $id) { status approvedBy } }',
        { token: await h.token(Role.COMPLIANCE, sub), variables: { id: exceptionId } },
      );
    expect(errorOf(await approve('officer-1 '))).toMatchObject({
      code: 'UNAUTHENTICATED',
      reason: 'TOKEN_INVALID',
    });
    expect(errorOf(await approve('OFFICER-1'))).toMatchObject({
      code: 'FORBIDDEN',
      reason: 'FOUR_EYES_REQUIRED',
    });
    expect(errorOf(await approve('ｏｆｆｉｃｅｒ-1'))).toMatchObject({ reason: 'FOUR_EYES_REQUIRED' });
    const [{ status }] = await h.db.query('SELECT status FROM disclosure_exceptions WHERE id = ?', [
      exceptionId,
    ]);
    expect(status).toBe('PENDING');
    const second = await approve('officer-2');
    expect(second.data?.approveDisclosureException).toEqual({ status: 'ACTIVE', approvedBy: 'officer-2' });
  });

  test('accessLog(actorId: "officer-1") does not return the entries of "OFFICER-1", and the reverse', async () => {
    const s = await insertSubscriber(h.db);
    for (const sub of ['officer-1', 'OFFICER-1']) {
      const placed = await h.run(
        'mutation P($id: ID!) { placeRetentionHold(subscriberId: $id, reason: LEGAL_OBLIGATION, note: "Case 9") { id } }',
        { token: await h.token(Role.COMPLIANCE, sub), variables: { id: s.id } },
      );
      expect(placed.errors).toBeUndefined();
    }
    const admin = await h.token(Role.ADMIN, 'admin-1');
    for (const actorId of ['officer-1', 'OFFICER-1']) {
      const result = await h.run<{ accessLog: { edges: { node: { actorId: string } }[] } }>(
        'query L($a: String) { accessLog(first: 100, actorId: $a) { edges { node { actorId } } } }',
        { token: admin, variables: { a: actorId } },
      );
      const actors = result.data!.accessLog.edges.map((edge) => edge.node.actorId);
      expect(actors.length).toBeGreaterThan(0);
      expect(new Set(actors)).toEqual(new Set([actorId]));
    }
  });

  test('SUPPORT "AGENT-7" does not see the verifications recorded by or granted to "agent-7"', async () => {
    const s = await insertSubscriber(h.db);
    await insertVerification(h.db, { subscriberId: s.id, grantedTo: 'agent-7' });
    const read = async (sub: string) =>
      h.run<{ subscriber: { identityVerifications: { grantedTo: string }[] } }>(
        'query V($id: ID!) { subscriber(id: $id) { identityVerifications { grantedTo } } }',
        { token: await h.token(Role.SUPPORT, sub), variables: { id: s.id } },
      );
    expect((await read('agent-7')).data?.subscriber.identityVerifications).toEqual([
      { grantedTo: 'agent-7' },
    ]);
    expect((await read('AGENT-7')).data?.subscriber.identityVerifications).toEqual([]);
  });
});

describe('the schema', () => {
  test('every actor column compares byte for byte (utf8mb4_bin)', async () => {
    const rows: { t: string; c: string; collation: string }[] = await h.db.query(
      `SELECT table_name AS t, column_name AS c, collation_name AS collation FROM information_schema.columns
       WHERE table_schema = DATABASE() AND table_name <> 'migrations'
         AND (column_name REGEXP '(_by|^actor_id|^author_id|^granted_to)$')`,
    );
    const found = rows.map((row) => `${row.t}.${row.c}`).sort();
    // access_log is a view now (migrations/…-NarrowAccessLog); its actor ids are stored in access_log_groups.
    const expected = [...ACTOR_COLUMNS, { table: 'access_log_groups', column: 'actor_id' }];
    expect(found).toEqual(expected.map(({ table, column }) => `${table}.${column}`).sort());
    expect(rows.filter((row) => row.collation !== 'utf8mb4_bin')).toEqual([]);
  });
});

async function messageCount(ticketId: string): Promise<number> {
  const [{ n }] = await h.db.query('SELECT COUNT(*) AS n FROM ticket_messages WHERE ticket_id = ?', [
    ticketId,
  ]);
  return Number(n);
}
