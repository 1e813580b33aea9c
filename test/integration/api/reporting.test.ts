import type { DataSource } from 'typeorm';
import { Role } from '../../../src/auth/roles';
import { AccountStatus } from '../../../src/access/account-status';
import { PaymentStatus } from '../../../src/modules/billing/payment.entity';
import { TicketStatus } from '../../../src/modules/ticket/ticket.entity';
import { errorOf, Harness, resetData, startHarness } from '../../helpers/harness';
import { insertSubscriber } from '../../helpers/fixtures';

/**
 * Report values on known data. Groups of 5 distinct subscribers are served, groups of 4
 * (or fewer) are suppressed, whatever the number of rows behind them.
 */
let h: Harness;
let reporting: string;

const at = (iso: string) => new Date(iso);

async function sessions(db: DataSource, subscriberId: string, ...starts: string[]) {
  for (const start of starts) {
    await db.query(
      'INSERT INTO sessions (subscriber_id, started_at, ended_at, ip_address) VALUES (?, ?, ?, ?)',
      [subscriberId, at(start), at(start), '192.0.2.1'],
    );
  }
}

async function payment(
  db: DataSource,
  subscriberId: string,
  cents: number,
  status: PaymentStatus,
  paidAt: string,
) {
  await db.query(
    `INSERT INTO payments (subscriber_id, amount_cents, currency, status, paid_at, created_at)
     VALUES (?, ?, 'USD', ?, ?, ?)`,
    [subscriberId, cents, status, at(paidAt), at(paidAt)],
  );
}

async function ticket(db: DataSource, subscriberId: string, status: TicketStatus) {
  await db.query(
    `INSERT INTO support_tickets (subscriber_id, subject, status, opened_by, created_at, updated_at)
     VALUES (?, 'Subject', ?, ?, NOW(3), NOW(3))`,
    [subscriberId, status, subscriberId],
  );
}

async function inquiry(db: DataSource, subscriberId: string, product: string) {
  await db.query(
    'INSERT INTO product_inquiries (subscriber_id, product, message, created_at) VALUES (?, ?, NULL, NOW(3))',
    [subscriberId, product],
  );
}

beforeAll(async () => {
  h = await startHarness();
  await resetData(h.db);
  reporting = await h.token(Role.REPORTING, 'analyst-1');
  // 5 active (signed up 2026-03), 4 cancelled (signed up 2026-01, cancelled 2026-04),
  // 1 purged (signed up 2025-12, cancelled 2026-04, contact data gone).
  const active = [];
  for (let i = 0; i < 5; i++)
    active.push(await insertSubscriber(h.db, { createdAt: at('2026-03-10T12:00:00Z') }));
  const cancelled = [];
  for (let i = 0; i < 4; i++) {
    cancelled.push(
      await insertSubscriber(h.db, {
        status: AccountStatus.CANCELLED,
        createdAt: at('2026-01-05T08:00:00Z'),
        cancelledAt: at('2026-04-02T08:00:00Z'),
      }),
    );
  }
  const purged = await insertSubscriber(h.db, {
    status: AccountStatus.PURGED,
    name: null,
    email: null,
    phone: null,
    createdAt: at('2025-12-20T08:00:00Z'),
    cancelledAt: at('2026-04-20T08:00:00Z'),
    purgedAt: at('2026-04-25T08:00:00Z'),
  });

  // Sessions: 03-15 five subscribers (one at 23:30 UTC, still the 15th); 03-16 eight
  // sessions of four subscribers (suppressed); 03-17 one each of five.
  await sessions(h.db, active[0].id, '2026-03-15T23:30:00Z', '2026-03-16T01:00:00Z', '2026-03-16T02:00:00Z');
  for (const s of active.slice(1)) await sessions(h.db, s.id, '2026-03-15T10:00:00Z');
  for (const s of active.slice(1, 4))
    await sessions(h.db, s.id, '2026-03-16T10:00:00Z', '2026-03-16T11:00:00Z');
  for (const s of cancelled.slice(0, 4)) await sessions(h.db, s.id, '2026-03-17T10:00:00Z');
  await sessions(h.db, purged.id, '2026-03-17T11:00:00Z');

  // Revenue 2026-03: 5 × 1000 + 500 (purged) − 1000 refunded = 4500, six subscribers;
  // a failed payment does not count. 2026-04: four subscribers only (suppressed).
  for (const s of active) await payment(h.db, s.id, 1000, PaymentStatus.SUCCEEDED, '2026-03-11T00:00:00Z');
  await payment(h.db, active[0].id, 1000, PaymentStatus.REFUNDED, '2026-03-20T00:00:00Z');
  await payment(h.db, active[1].id, 7000, PaymentStatus.FAILED, '2026-03-12T00:00:00Z');
  await payment(h.db, purged.id, 500, PaymentStatus.SUCCEEDED, '2026-03-31T23:59:59Z');
  for (const s of cancelled) await payment(h.db, s.id, 2000, PaymentStatus.SUCCEEDED, '2026-04-01T00:00:00Z');

  // Tickets: OPEN one each of five; CLOSED six of three subscribers (suppressed).
  for (const s of active) await ticket(h.db, s.id, TicketStatus.OPEN);
  for (const s of cancelled.slice(0, 3)) {
    await ticket(h.db, s.id, TicketStatus.CLOSED);
    await ticket(h.db, s.id, TicketStatus.CLOSED);
  }
  // Inquiries: FIBER_1000 by five (one of them the purged account), DSL_100 by four.
  for (const s of [...active.slice(0, 4), purged]) await inquiry(h.db, s.id, 'FIBER_1000');
  for (const s of cancelled) await inquiry(h.db, s.id, 'DSL_100');
});

afterAll(async () => {
  await h.close();
});

const shown = (key: string, value: number) => ({ key, value, suppressed: false });
const hidden = (key: string) => ({ key, value: null, suppressed: true });
const BUCKET = '{ key value suppressed }';

describe('report values', () => {
  it('serves every aggregate for known data, suppressing groups of fewer than 5 subscribers', async () => {
    const result = await h.run(
      `{ report {
          subscribersByStatus ${BUCKET}
          signupsByMonth ${BUCKET}
          cancellationsByMonth ${BUCKET}
          revenueCentsByMonth ${BUCKET}
          sessionsByDay(from: "2026-03-01T00:00:00Z", to: "2026-04-01T00:00:00Z") ${BUCKET}
          ticketsByStatus ${BUCKET}
          inquiriesByProduct ${BUCKET}
      } }`,
      { token: reporting },
    );
    expect(result.errors).toBeUndefined();
    expect(result.data).toEqual({
      report: {
        // The purged account still counts (in its own, here suppressed, group).
        subscribersByStatus: [shown('ACTIVE', 5), hidden('CANCELLED'), hidden('PURGED')],
        signupsByMonth: [hidden('2025-12'), hidden('2026-01'), shown('2026-03', 5)],
        cancellationsByMonth: [shown('2026-04', 5)],
        revenueCentsByMonth: [shown('2026-03 USD', 4500), hidden('2026-04 USD')],
        // 03-16: eight sessions but only four subscribers behind them.
        sessionsByDay: [shown('2026-03-15', 5), hidden('2026-03-16'), shown('2026-03-17', 5)],
        ticketsByStatus: [shown('OPEN', 5), hidden('CLOSED')],
        // DSL_100 (four subscribers) is folded into OTHER, which is then still too small.
        inquiriesByProduct: [shown('FIBER_1000', 5), hidden('OTHER')],
      },
    });
  });

  it('limits month aggregates to [from, to)', async () => {
    const result = await h.run(
      `{ report { signupsByMonth(from: "2026-01-01T00:00:00Z", to: "2026-03-01T00:00:00Z") ${BUCKET}
                  revenueCentsByMonth(from: "2026-04-01T00:00:00Z") ${BUCKET} } }`,
      { token: reporting },
    );
    expect(result.errors).toBeUndefined();
    expect(result.data).toEqual({
      report: { signupsByMonth: [hidden('2026-01')], revenueCentsByMonth: [hidden('2026-04 USD')] },
    });
  });

  it('is open to ADMIN as well', async () => {
    const result = await h.run('{ report { ticketsByStatus { key value } } }', {
      token: await h.token(Role.ADMIN),
    });
    expect(result.errors).toBeUndefined();
  });
});

describe('report input', () => {
  const sessionsByDay = (from: string, to: string) =>
    h.run(`{ report { sessionsByDay(from: "${from}", to: "${to}") { key } } }`, { token: reporting });

  it('answers a range of exactly 366 days', async () => {
    const result = await sessionsByDay('2024-01-01T00:00:00Z', '2025-01-01T00:00:00Z');
    expect(result.errors).toBeUndefined();
  });

  it('refuses sessionsByDay over more than 366 days with BAD_USER_INPUT', async () => {
    const result = await sessionsByDay('2024-01-01T00:00:00Z', '2025-01-02T00:00:00Z');
    expect(errorOf(result)).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'INVALID_INPUT' });
    expect(result.errors?.[0].message).toMatch(/^to: must be at most 366 days after from/);
  });

  it('refuses a range whose end is not after its start', async () => {
    const result = await sessionsByDay('2026-03-02T00:00:00Z', '2026-03-01T00:00:00Z');
    expect(errorOf(result)).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'INVALID_INPUT' });
    const months = await h.run(
      '{ report { cancellationsByMonth(from: "2026-05-01T00:00:00Z", to: "2026-05-01T00:00:00Z") { key } } }',
      { token: reporting },
    );
    expect(errorOf(months)).toMatchObject({ code: 'BAD_USER_INPUT' });
  });
});

describe('suppression threshold', () => {
  it('follows REPORT_MIN_GROUP_SIZE: at 5 subscribers a group is shown, at 4 it is not', async () => {
    // The 2026-04 revenue group has exactly four subscribers; a fifth makes it visible.
    const before = await h.run(`{ report { revenueCentsByMonth(from: "2026-04-01T00:00:00Z") ${BUCKET} } }`, {
      token: reporting,
    });
    expect(before.data).toEqual({ report: { revenueCentsByMonth: [hidden('2026-04 USD')] } });
    const fifth = await insertSubscriber(h.db, { createdAt: at('2026-03-10T12:00:00Z') });
    await payment(h.db, fifth.id, 2000, PaymentStatus.SUCCEEDED, '2026-04-03T00:00:00Z');
    const after = await h.run(`{ report { revenueCentsByMonth(from: "2026-04-01T00:00:00Z") ${BUCKET} } }`, {
      token: reporting,
    });
    expect(after.data).toEqual({ report: { revenueCentsByMonth: [shown('2026-04 USD', 10000)] } });
  });
});
