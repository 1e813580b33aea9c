import { Role } from '../../../src/auth/roles';
import { startHarness, Harness, resetData, errorOf } from '../../helpers/harness';
import { insertSubscriber } from '../../helpers/fixtures';

/** Sessions, payments and support tickets: validation, transactions, conflicts, scoping. */
let h: Harness;
let admin: string;
let support: string;
beforeAll(async () => {
  h = await startHarness();
  await resetData(h.db);
  admin = await h.token(Role.ADMIN, 'admin-1');
  support = await h.token(Role.SUPPORT, 'agent-7');
});
afterAll(() => h.close());

describe('sessions and payments', () => {
  let subscriberId: string;
  beforeAll(async () => {
    subscriberId = (await insertSubscriber(h.db)).id;
  });

  const SESSION = `mutation($input: SessionInput!) { recordSession(input: $input) { id ipAddress startedAt } }`;

  test('the accounting feed (ADMIN) records sessions; others may not', async () => {
    const input = {
      subscriberId,
      startedAt: '2026-03-01T10:00:00Z',
      endedAt: '2026-03-01T11:00:00Z',
      ipAddress: '2001:db8::1',
    };
    const ok = await h.run(SESSION, { token: admin, variables: { input } });
    expect(ok.data?.recordSession).toMatchObject({
      ipAddress: '2001:db8::1',
      startedAt: '2026-03-01T10:00:00.000Z',
    });
    expect(errorOf(await h.run(SESSION, { token: support, variables: { input } }))?.reason).toBe(
      'ROLE_NOT_PERMITTED',
    );
  });

  test.each([
    [{ ipAddress: '999.1.1.1' }, 'input.ipAddress'],
    [{ endedAt: '2026-02-01T00:00:00Z' }, 'input.endedAt'],
    [{ subscriberId: 'abc' }, 'input.subscriberId'],
  ])('bad session %j names %s', async (patch, field) => {
    const input = { subscriberId, startedAt: '2026-03-01T10:00:00Z', ipAddress: '198.51.100.7', ...patch };
    const result = await h.run(SESSION, { token: admin, variables: { input } });
    expect(result.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
  });

  test('a session for an unknown subscriber is NOT_FOUND', async () => {
    const input = { subscriberId: '999999999', startedAt: '2026-03-01T10:00:00Z', ipAddress: '198.51.100.7' };
    expect(errorOf(await h.run(SESSION, { token: admin, variables: { input } }))?.code).toBe('NOT_FOUND');
  });

  const PAYMENT = `mutation($input: PaymentInput!) { recordPayment(input: $input) { id amountCents } }`;

  test('BILLING records a payment; reading the amount back passes the billing gate, or nothing is stored', async () => {
    const input = {
      subscriberId,
      amountCents: 2599,
      currency: 'eur',
      status: 'SUCCEEDED',
      paidAt: '2026-03-01T00:00:00Z',
      invoiceNumber: 'INV-1',
    };
    const result = await h.run(PAYMENT, { token: await h.token(Role.BILLING), variables: { input } });
    expect(errorOf(result)).toMatchObject({ code: 'FORBIDDEN', reason: 'ID_VERIFICATION_REQUIRED' });
    // The response has no data: the client was told it failed, so it was not stored
    // (docs/design.md section 3: never "failed" about a committed change).
    expect(result.data).toBeNull();
    const stored = () =>
      h.db.query('SELECT amount_cents, currency FROM payments WHERE invoice_number = ?', ['INV-1']);
    expect(await stored()).toEqual([]);
    const idOnly = await h.run(`mutation($input: PaymentInput!) { recordPayment(input: $input) { id } }`, {
      token: await h.token(Role.BILLING),
      variables: { input },
    });
    expect(idOnly.errors).toBeUndefined();
    expect(await stored()).toEqual([{ amount_cents: 2599, currency: 'EUR' }]);
  });

  test.each([
    [{ amountCents: 0 }, 'input.amountCents'],
    [{ currency: 'XYZ' }, 'input.currency'],
    [{ paidAt: '2999-01-01T00:00:00Z' }, 'input.paidAt'],
  ])('bad payment %j names %s', async (patch, field) => {
    const input = {
      subscriberId,
      amountCents: 100,
      currency: 'USD',
      status: 'SUCCEEDED',
      paidAt: '2026-03-01T00:00:00Z',
      ...patch,
    };
    const result = await h.run(PAYMENT, { token: admin, variables: { input } });
    expect(result.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
  });

  test('a duplicate invoice number is CONFLICT', async () => {
    const input = {
      subscriberId,
      amountCents: 100,
      currency: 'USD',
      status: 'SUCCEEDED',
      paidAt: '2026-03-01T00:00:00Z',
      invoiceNumber: 'INV-1',
    };
    expect(errorOf(await h.run(PAYMENT, { token: admin, variables: { input } }))).toMatchObject({
      code: 'CONFLICT',
      reason: 'ALREADY_EXISTS',
    });
  });
});

describe('support tickets', () => {
  let mine: string;
  let theirs: string;
  beforeAll(async () => {
    mine = (await insertSubscriber(h.db)).id;
    theirs = (await insertSubscriber(h.db)).id;
  });

  const OPEN = `mutation($input: OpenTicketInput!) { openSupportTicket(input: $input) { id status subject subscriber { id } messages { body authorRole channel } } }`;

  test('a customer opens a ticket for itself, staff answer, the customer replies and it reopens', async () => {
    const customer = await h.token(Role.CUSTOMER, mine);
    const opened = await h.run<{ openSupportTicket: { id: string } }>(OPEN, {
      token: customer,
      variables: { input: { subject: 'No internet', body: 'Since this morning', channel: 'WEB' } },
    });
    expect(opened.data?.openSupportTicket).toMatchObject({
      status: 'OPEN',
      subscriber: { id: mine },
      messages: [{ body: 'Since this morning', authorRole: 'CUSTOMER', channel: 'WEB' }],
    });
    const ticketId = opened.data!.openSupportTicket.id;
    const resolved = await h.run(
      `mutation { setTicketStatus(ticketId: "${ticketId}", status: RESOLVED) { status } }`,
      { token: support },
    );
    expect(resolved.data).toEqual({ setTicketStatus: { status: 'RESOLVED' } });
    const reply = await h.run(
      `mutation { addTicketMessage(ticketId: "${ticketId}", body: "Still down", channel: CHAT) { authorRole } }`,
      {
        token: customer,
      },
    );
    expect(reply.data).toEqual({ addTicketMessage: { authorRole: 'CUSTOMER' } });
    const ticket = await h.run(`{ supportTicket(id: "${ticketId}") { status messages { body } } }`, {
      token: customer,
    });
    expect(ticket.data).toEqual({
      supportTicket: { status: 'OPEN', messages: [{ body: 'Since this morning' }, { body: 'Still down' }] },
    });
  });

  test("a customer cannot open or write on another subscriber's tickets: NOT_FOUND", async () => {
    const customer = await h.token(Role.CUSTOMER, mine);
    const other = await h.run(OPEN, {
      token: customer,
      variables: { input: { subscriberId: theirs, subject: 'x', body: 'y', channel: 'WEB' } },
    });
    expect(errorOf(other)?.code).toBe('NOT_FOUND');
    const staffTicket = await h.run<{ openSupportTicket: { id: string } }>(OPEN, {
      token: support,
      variables: {
        input: { subscriberId: theirs, subject: 'Router swap', body: 'Scheduled', channel: 'PHONE' },
      },
    });
    const id = staffTicket.data!.openSupportTicket.id;
    const write = await h.run(
      `mutation { addTicketMessage(ticketId: "${id}", body: "hi", channel: WEB) { id } }`,
      { token: customer },
    );
    expect(errorOf(write)?.code).toBe('NOT_FOUND');
    const status = await h.run(`mutation { setTicketStatus(ticketId: "${id}", status: CLOSED) { id } }`, {
      token: customer,
    });
    expect(errorOf(status)?.reason).toBe('ROLE_NOT_PERMITTED');
  });

  test('staff must name the subscriber; a closed ticket takes no messages', async () => {
    const missing = await h.run(OPEN, {
      token: support,
      variables: { input: { subject: 'x', body: 'y', channel: 'WEB' } },
    });
    expect(missing.errors?.[0].extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'input.subscriberId',
    });
    const opened = await h.run<{ openSupportTicket: { id: string } }>(OPEN, {
      token: support,
      variables: {
        input: { subscriberId: mine, subject: 'Billing question', body: 'Call back', channel: 'PHONE' },
      },
    });
    const id = opened.data!.openSupportTicket.id;
    await h.run(`mutation { setTicketStatus(ticketId: "${id}", status: CLOSED) { id } }`, { token: support });
    const late = await h.run(
      `mutation { addTicketMessage(ticketId: "${id}", body: "more", channel: WEB) { id } }`,
      { token: support },
    );
    expect(errorOf(late)).toMatchObject({ code: 'CONFLICT', reason: 'TICKET_CLOSED' });
  });
});
