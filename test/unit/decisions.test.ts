import { Role } from '../../src/auth/roles';
import { Reason } from '../../src/common/errors';
import { AccessBasis } from '../../src/access/basis';
import { AGGREGATE, DataCategory, PUBLIC } from '../../src/access/categories';
import {
  billingGate,
  decideCategory,
  decideOperation,
  NO_FACTS,
  SubscriberFacts,
} from '../../src/access/decisions';

const now = new Date('2026-06-01T12:00:00Z');
const minutes = (m: number) => new Date(now.getTime() + m * 60_000);
const as = (role: Role, actorId = `${role.toLowerCase()}-1`) => ({ role, actorId });

describe('decideCategory: the table of docs/design.md section 2', () => {
  const expectations: [Role, DataCategory | typeof PUBLIC | typeof AGGREGATE, boolean | Reason][] = [
    [Role.ADMIN, DataCategory.CONTACT, true],
    [Role.SUPPORT, DataCategory.USAGE, true],
    [Role.BILLING, DataCategory.USAGE, Reason.ROLE_NOT_PERMITTED],
    [Role.BILLING, DataCategory.SUPPORT, Reason.ROLE_NOT_PERMITTED],
    [Role.COMPLIANCE, DataCategory.USAGE, Reason.CATEGORY_NOT_COVERED],
    [Role.COMPLIANCE, DataCategory.MARKETING, Reason.ROLE_NOT_PERMITTED],
    [Role.SUPPORT, DataCategory.COMPLIANCE, Reason.ROLE_NOT_PERMITTED],
    [Role.REPORTING, DataCategory.IDENTIFIER, Reason.AGGREGATES_ONLY],
    [Role.REPORTING, AGGREGATE, true],
    [Role.SUPPORT, AGGREGATE, Reason.ROLE_NOT_PERMITTED],
    [Role.REPORTING, PUBLIC, true],
    [Role.ADMIN, DataCategory.BILLING, Reason.ID_VERIFICATION_REQUIRED],
  ];
  test.each(expectations)('%s reading %s of any subscriber → %s', (role, category, expected) => {
    const decision = decideCategory(as(role), category, '42', NO_FACTS, now);
    if (expected === true) expect(decision).toEqual({ allowed: true, basis: AccessBasis.ROLE });
    else expect(decision).toEqual({ allowed: false, reason: expected });
  });

  test('a customer reaches its own subscriber and nothing else, which reads as not found', () => {
    expect(decideCategory(as(Role.CUSTOMER, '42'), DataCategory.CONTACT, '42', NO_FACTS, now).allowed).toBe(
      true,
    );
    expect(decideCategory(as(Role.CUSTOMER, '42'), DataCategory.CONTACT, '43', NO_FACTS, now)).toEqual({
      allowed: false,
      reason: Reason.NOT_FOUND,
    });
    expect(decideCategory(as(Role.CUSTOMER, '42'), DataCategory.BILLING, '43', NO_FACTS, now)).toEqual({
      allowed: false,
      reason: Reason.NOT_FOUND,
    });
  });

  test('without a token nothing but public data is reachable', () => {
    expect(decideCategory(null, DataCategory.IDENTIFIER, '42', NO_FACTS, now)).toEqual({
      allowed: false,
      reason: Reason.TOKEN_MISSING,
    });
  });
});

describe('billingGate: docs/design.md section 2, "The billing gate"', () => {
  const verification = (grantedTo: string, from: number, to: number): SubscriberFacts => ({
    verifications: [{ grantedTo, verifiedAt: minutes(from), validUntil: minutes(to) }],
    exceptions: [],
  });

  test('a verification granted to the viewer and valid now opens it', () => {
    expect(billingGate('agent-1', verification('agent-1', -5, 25), now)).toEqual({
      allowed: true,
      basis: AccessBasis.ID_VERIFICATION,
      validUntil: minutes(25),
    });
  });

  test.each([
    ['granted to someone else', verification('agent-2', -5, 25)],
    ['expired', verification('agent-1', -40, -10)],
    ['expiring exactly now', verification('agent-1', -30, 0)],
    ['not yet valid', verification('agent-1', 5, 35)],
  ])('a verification %s does not', (_label, facts) => {
    expect(billingGate('agent-1', facts, now)).toEqual({
      allowed: false,
      reason: Reason.ID_VERIFICATION_REQUIRED,
    });
  });

  const exception = (overrides: Partial<SubscriberFacts['exceptions'][number]>): SubscriberFacts => ({
    verifications: [],
    exceptions: [
      {
        id: '7',
        basis: AccessBasis.LEGAL_PROCESS,
        active: true,
        categories: [DataCategory.BILLING],
        requestedBy: 'officer-1',
        approvedBy: 'officer-2',
        validUntil: minutes(60),
        ...overrides,
      },
    ],
  });

  test('an active exception covering BILLING opens it to its requester and approver, on its basis', () => {
    const opened = {
      allowed: true,
      basis: AccessBasis.LEGAL_PROCESS,
      exceptionId: '7',
      validUntil: minutes(60),
    };
    expect(billingGate('officer-1', exception({}), now)).toEqual(opened);
    expect(billingGate('officer-2', exception({}), now)).toEqual(opened);
    expect(billingGate('officer-3', exception({}), now).allowed).toBe(false);
  });

  test.each([
    ['not active', exception({ active: false })],
    ['expired', exception({ validUntil: minutes(-1) })],
    ['covering another category only', exception({ categories: [DataCategory.USAGE] })],
  ])('an exception %s does not', (_label, facts) => {
    expect(billingGate('officer-1', facts, now).allowed).toBe(false);
  });

  test('under an exception covering USAGE, COMPLIANCE reads sessions on its basis', () => {
    const facts = exception({ categories: [DataCategory.USAGE], basis: AccessBasis.EMERGENCY });
    expect(decideCategory(as(Role.COMPLIANCE, 'officer-1'), DataCategory.USAGE, '42', facts, now)).toEqual({
      allowed: true,
      basis: AccessBasis.EMERGENCY,
      exceptionId: '7',
      validUntil: minutes(60),
    });
  });
});

describe('decideOperation', () => {
  test('public operations need no token; others name why they refuse', () => {
    expect(decideOperation(null, 'public').allowed).toBe(true);
    expect(decideOperation(null, [Role.ADMIN])).toEqual({ allowed: false, reason: Reason.TOKEN_MISSING });
    expect(decideOperation(as(Role.SUPPORT), [Role.ADMIN])).toEqual({
      allowed: false,
      reason: Reason.ROLE_NOT_PERMITTED,
    });
    expect(decideOperation(as(Role.REPORTING), [Role.ADMIN])).toEqual({
      allowed: false,
      reason: Reason.AGGREGATES_ONLY,
    });
    expect(decideOperation(as(Role.ADMIN), [Role.ADMIN]).allowed).toBe(true);
  });
});
