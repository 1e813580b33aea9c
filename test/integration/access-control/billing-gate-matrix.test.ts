import { Role } from '../../../src/auth/roles';
import { MINUTE_MS } from '../../../src/common/clock';
import { harnessForFile } from '../../helpers/harness';
import { insertSubscriber } from '../../helpers/fixtures';
import {
  entriesSince,
  insertBillingSubscriber,
  insertException,
  insertVerification,
  logMark,
} from '../../helpers/privacy-fixtures';

/**
 * The role × condition matrix of the billing gate (docs/design.md section 2) for every BILLING
 * field: Subscriber.billing, Subscriber.payments, and recordPayment's read-back. Each
 * cell: value or null, the denial reason, and exactly the access-log entries gained.
 */
const h = harnessForFile();

interface Viewer {
  label: string;
  role: Role | null;
  actor?: string;
  customer?: 'own' | 'other';
}

const viewers: Viewer[] = [
  { label: 'ADMIN', role: Role.ADMIN, actor: 'admin-m' },
  { label: 'SUPPORT', role: Role.SUPPORT, actor: 'support-m' },
  { label: 'BILLING', role: Role.BILLING, actor: 'billing-m' },
  { label: 'COMPLIANCE', role: Role.COMPLIANCE, actor: 'compliance-m' },
  { label: 'REPORTING', role: Role.REPORTING, actor: 'reporting-m' },
  { label: 'CUSTOMER own', role: Role.CUSTOMER, customer: 'own' },
  { label: 'CUSTOMER other', role: Role.CUSTOMER, customer: 'other' },
  { label: 'no token', role: null },
];

type Status = 'PENDING' | 'ACTIVE' | 'REVOKED' | 'REJECTED';
interface Condition {
  label: string;
  verification?: { to: 'viewer' | 'other'; expired?: boolean };
  exception?: {
    status: Status;
    categories: string[];
    viewerIs: 'requester' | 'approver' | 'neither';
    expired?: boolean;
    basis?: 'LEGAL_PROCESS' | 'EMERGENCY';
  };
  /** The basis the gate opens on, or null when it stays closed. */
  opens: string | null;
}

const active = (
  viewerIs: 'requester' | 'approver' | 'neither',
  more: Partial<Condition['exception']> = {},
) => ({
  status: 'ACTIVE' as Status,
  categories: ['BILLING'],
  viewerIs,
  ...more,
});

const conditions: Condition[] = [
  { label: 'no verification', opens: null },
  { label: 'verification granted to the viewer', verification: { to: 'viewer' }, opens: 'ID_VERIFICATION' },
  { label: 'verification granted to someone else', verification: { to: 'other' }, opens: null },
  { label: 'verification expired', verification: { to: 'viewer', expired: true }, opens: null },
  { label: 'exception ACTIVE, viewer requester', exception: active('requester'), opens: 'LEGAL_PROCESS' },
  { label: 'exception ACTIVE, viewer approver', exception: active('approver'), opens: 'LEGAL_PROCESS' },
  { label: 'exception ACTIVE, viewer neither', exception: active('neither'), opens: null },
  {
    label: 'EMERGENCY exception, viewer requester',
    exception: active('requester', { basis: 'EMERGENCY' }),
    opens: 'EMERGENCY',
  },
  {
    label: 'exception covering USAGE only',
    exception: active('requester', { categories: ['USAGE'] }),
    opens: null,
  },
  { label: 'exception PENDING', exception: active('requester', { status: 'PENDING' }), opens: null },
  { label: 'exception REJECTED', exception: active('requester', { status: 'REJECTED' }), opens: null },
  { label: 'exception REVOKED', exception: active('requester', { status: 'REVOKED' }), opens: null },
  { label: 'exception expired', exception: active('requester', { expired: true }), opens: null },
];

interface Cell {
  subscriberId: string;
  actor: string | null;
  token: string | null;
  exceptionId: string | null;
}

let otherCustomerId: string;
beforeAll(async () => {
  otherCustomerId = (await insertSubscriber(h.db)).id;
});

async function prepare(viewer: Viewer, condition: Condition): Promise<Cell> {
  const subscriber = await insertBillingSubscriber(h.db, { history: { payments: 2 } });
  const actor =
    viewer.customer === 'own'
      ? subscriber.id
      : viewer.customer === 'other'
        ? otherCustomerId
        : (viewer.actor ?? null);
  const token = viewer.role ? await h.token(viewer.role, actor!) : null;
  const viewerId = actor ?? 'nobody';
  let exceptionId: string | null = null;
  if (condition.verification) {
    await insertVerification(h.db, {
      subscriberId: subscriber.id,
      grantedTo: condition.verification.to === 'viewer' ? viewerId : 'someone-else',
      validUntil: condition.verification.expired ? new Date(Date.now() - MINUTE_MS) : undefined,
      verifiedAt: condition.verification.expired ? new Date(Date.now() - 40 * MINUTE_MS) : undefined,
    });
  }
  const e = condition.exception;
  if (e) {
    exceptionId = await insertException(h.db, {
      subscriberId: subscriber.id,
      status: e.status,
      categories: e.categories,
      basis: e.basis,
      requestedBy: e.viewerIs === 'requester' ? viewerId : 'compliance-x',
      approvedBy: e.viewerIs === 'approver' ? viewerId : 'compliance-y',
      validUntil: e.expired ? new Date(Date.now() - MINUTE_MS) : undefined,
    });
  }
  return { subscriberId: subscriber.id, actor, token, exceptionId };
}

/** Why the subscriber itself is out of reach, or null when the viewer reaches it. */
function rootDenial(viewer: Viewer): string | null {
  if (!viewer.role) return 'TOKEN_MISSING';
  if (viewer.role === Role.REPORTING) return 'AGGREGATES_ONLY';
  if (viewer.customer === 'other') return 'NOT_FOUND';
  return null;
}

const READ = `query Read($id: ID!) {
  subscriber(id: $id) {
    id
    billingAccess { granted basis reason }
    billing { cardLast4 maskedCardNumber }
    payments(first: 5) { edges { node { amountCents } } }
  }
}`;

const expectedEntry = (
  viewer: Viewer,
  cell: Cell,
  condition: Condition,
  fields: string[],
  operation: string,
) => ({
  actorId: cell.actor,
  actorRole: viewer.role,
  subscriberId: cell.subscriberId,
  category: 'BILLING',
  fields: [...fields].sort(),
  basis: condition.opens,
  disclosureExceptionId: condition.opens === 'ID_VERIFICATION' ? null : cell.exceptionId,
  operation,
});

describe.each(viewers)('$label reads billing and payments (over HTTP)', (viewer) => {
  test.each(conditions)('$label', async (condition) => {
    const cell = await prepare(viewer, condition);
    const mark = await logMark(h.db);
    const response = await h.server.http.inject({
      method: 'POST',
      url: '/graphql',
      headers: {
        'content-type': 'application/json',
        ...(cell.token ? { authorization: `Bearer ${cell.token}` } : {}),
      },
      payload: { query: READ, variables: { id: cell.subscriberId } },
    });
    const body = response.json();
    const reasons = (body.errors ?? []).map((e: { extensions: { reason: string }; path: string[] }) => [
      e.path.join('.'),
      e.extensions.reason,
    ]);
    const gained = await entriesSince(h.db, mark);
    const denial = rootDenial(viewer);
    if (denial) {
      expect(body.data?.subscriber ?? null).toBeNull();
      expect(reasons).toEqual([['subscriber', denial]]);
      expect(gained).toEqual([]);
      return;
    }
    const subscriber = body.data.subscriber;
    if (condition.opens) {
      expect(subscriber.billing).toEqual({ cardLast4: '4242', maskedCardNumber: '**** **** **** 4242' });
      expect(subscriber.payments.edges).toHaveLength(2);
      expect(subscriber.billingAccess).toEqual({ granted: true, basis: condition.opens, reason: null });
      expect(reasons).toEqual([]);
      const fields = [
        'Subscriber.billing',
        'Subscriber.payments',
        'BillingProfile.cardLast4',
        'BillingProfile.maskedCardNumber',
        'Payment.amountCents',
      ];
      expect(gained).toEqual([expectedEntry(viewer, cell, condition, fields, 'subscriber')]);
    } else {
      expect(subscriber.id).toBe(cell.subscriberId);
      expect(subscriber.billing).toBeNull();
      expect(subscriber.payments).toBeNull();
      expect(subscriber.billingAccess).toEqual({
        granted: false,
        basis: null,
        reason: 'ID_VERIFICATION_REQUIRED',
      });
      expect(reasons.sort()).toEqual([
        ['subscriber.billing', 'ID_VERIFICATION_REQUIRED'],
        ['subscriber.payments', 'ID_VERIFICATION_REQUIRED'],
      ]);
      expect(gained).toEqual([]);
    }
  });
});

const RECORD = `mutation Pay($input: PaymentInput!) { recordPayment(input: $input) { id amountCents currency } }`;

/** recordPayment is open to ADMIN and BILLING; its read-back then passes the gate. */
function recordDenial(viewer: Viewer): string | null {
  if (!viewer.role) return 'TOKEN_MISSING';
  if (viewer.role === Role.REPORTING) return 'AGGREGATES_ONLY';
  return viewer.role === Role.ADMIN || viewer.role === Role.BILLING ? null : 'ROLE_NOT_PERMITTED';
}

describe.each(viewers)('$label records a payment and reads it back', (viewer) => {
  test.each(conditions)('$label', async (condition) => {
    const cell = await prepare(viewer, condition);
    const mark = await logMark(h.db);
    const input = {
      subscriberId: cell.subscriberId,
      amountCents: 500,
      currency: 'eur',
      status: 'SUCCEEDED',
      paidAt: new Date(Date.now() - MINUTE_MS).toISOString(),
    };
    const result = await h.run<{ recordPayment: { amountCents: number; currency: string } | null }>(RECORD, {
      token: cell.token,
      variables: { input },
    });
    const reasons = (result.errors ?? []).map((e) => [e.path?.join('.'), e.extensions?.reason]);
    const gained = await entriesSince(h.db, mark);
    const denial = recordDenial(viewer);
    if (denial) {
      expect(result.data?.recordPayment ?? null).toBeNull();
      expect(reasons).toEqual([['recordPayment', denial]]);
      expect(gained).toEqual([]);
    } else if (condition.opens) {
      expect(result.data?.recordPayment).toMatchObject({ amountCents: 500, currency: 'EUR' });
      expect(reasons).toEqual([]);
      const fields = ['Payment.amountCents', 'Payment.currency'];
      expect(gained).toEqual([expectedEntry(viewer, cell, condition, fields, 'recordPayment')]);
    } else {
      // Payment.amountCents is non-null: its denial nulls the whole read-back; the payment is recorded.
      expect(result.data ?? null).toBeNull();
      expect(new Set(reasons.map(([, reason]) => reason))).toEqual(new Set(['ID_VERIFICATION_REQUIRED']));
      expect(gained).toEqual([]);
    }
  });
});
