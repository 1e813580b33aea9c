import { Role } from '../../src/auth/roles';
import { Reason } from '../../src/common/errors';
import { AccessBasis } from '../../src/access/basis';
import { AGGREGATE, DataCategory, PUBLIC } from '../../src/access/categories';
import {
  billingGate,
  coveringException,
  decideCategory,
  decideOperation,
  ExceptionFact,
  SubscriberFacts,
  validVerification,
} from '../../src/access/decisions';

const now = new Date('2026-06-01T12:00:00Z');
const minutes = (m: number) => new Date(now.getTime() + m * 60_000);
const as = (role: Role, actorId = `${role.toLowerCase()}-1`) => ({ role, actorId });
const verification = (grantedTo: string, from = -5, to = 25) => ({
  grantedTo,
  verifiedAt: minutes(from),
  validUntil: minutes(to),
});
const exception = (overrides: Partial<ExceptionFact> = {}): ExceptionFact => ({
  id: '7',
  basis: AccessBasis.LEGAL_PROCESS,
  active: true,
  categories: [DataCategory.BILLING],
  requestedBy: 'officer-1',
  approvedBy: 'officer-2',
  validUntil: minutes(60),
  ...overrides,
});
const facts = (more: Partial<SubscriberFacts> = {}): SubscriberFacts => ({
  verifications: [],
  exceptions: [],
  ...more,
});

describe('decideCategory: the table of docs/design.md section 2', () => {
  const expectations: [Role, DataCategory | typeof PUBLIC | typeof AGGREGATE, boolean | Reason][] = [
    [Role.ADMIN, DataCategory.CONTACT, true],
    [Role.SUPPORT, DataCategory.USAGE, true],
    [Role.BILLING, DataCategory.USAGE, Reason.ROLE_NOT_PERMITTED],
    [Role.BILLING, DataCategory.SUPPORT, Reason.ROLE_NOT_PERMITTED],
    [Role.COMPLIANCE, DataCategory.USAGE, Reason.CATEGORY_NOT_COVERED],
    [Role.COMPLIANCE, DataCategory.SUPPORT, Reason.CATEGORY_NOT_COVERED],
    [Role.COMPLIANCE, DataCategory.MARKETING, Reason.ROLE_NOT_PERMITTED],
    [Role.SUPPORT, DataCategory.COMPLIANCE, Reason.ROLE_NOT_PERMITTED],
    [Role.REPORTING, DataCategory.IDENTIFIER, Reason.AGGREGATES_ONLY],
    [Role.REPORTING, AGGREGATE, true],
    [Role.SUPPORT, AGGREGATE, Reason.ROLE_NOT_PERMITTED],
    [Role.REPORTING, PUBLIC, true],
    [Role.ADMIN, DataCategory.BILLING, Reason.ID_VERIFICATION_REQUIRED],
  ];
  test.each(expectations)('%s reading %s of any subscriber → %s', (role, category, expected) => {
    const decision = decideCategory(as(role), category, '42', facts(), now);
    if (expected === true) expect(decision).toEqual({ allowed: true, basis: AccessBasis.ROLE });
    else expect(decision).toEqual({ allowed: false, reason: expected });
  });

  test('a customer reaches its own subscriber and nothing else, which reads as not found', () => {
    const customer = as(Role.CUSTOMER, '42');
    expect(decideCategory(customer, DataCategory.CONTACT, '42', facts(), now).allowed).toBe(true);
    expect(decideCategory(customer, DataCategory.CONTACT, '43', facts(), now)).toEqual({
      allowed: false,
      reason: Reason.NOT_FOUND,
    });
    expect(decideCategory(customer, DataCategory.BILLING, '43', facts(), now)).toEqual({
      allowed: false,
      reason: Reason.NOT_FOUND,
    });
  });

  test('the own customer passes the billing gate like staff: only with a verification granted to it', () => {
    const customer = as(Role.CUSTOMER, '42');
    expect(decideCategory(customer, DataCategory.BILLING, '42', facts(), now)).toEqual({
      allowed: false,
      reason: Reason.ID_VERIFICATION_REQUIRED,
    });
    const own = facts({ verifications: [verification('42')] });
    expect(decideCategory(customer, DataCategory.BILLING, '42', own, now)).toMatchObject({
      allowed: true,
      basis: AccessBasis.ID_VERIFICATION,
    });
  });

  test('without a token nothing but public data is reachable', () => {
    for (const category of [DataCategory.IDENTIFIER, DataCategory.CONTACT]) {
      expect(decideCategory(null, category, '42', facts(), now)).toEqual({
        allowed: false,
        reason: Reason.TOKEN_MISSING,
      });
    }
  });
});

describe('validVerification and billingGate: gate 1 of docs/design.md section 2, "The billing gate"', () => {
  test('a verification granted to the viewer and valid now opens it, with its validity', () => {
    const granted = facts({ verifications: [verification('agent-1')] });
    expect(validVerification('agent-1', granted, now)).toBeDefined();
    expect(billingGate('agent-1', granted, now)).toEqual({
      allowed: true,
      basis: AccessBasis.ID_VERIFICATION,
      validUntil: minutes(25),
    });
  });

  test.each([
    ['granted to someone else', facts({ verifications: [verification('agent-2')] })],
    ['expired', facts({ verifications: [verification('agent-1', -40, -10)] })],
    ['expiring exactly now', facts({ verifications: [verification('agent-1', -30, 0)] })],
    ['not yet valid', facts({ verifications: [verification('agent-1', 5, 35)] })],
    ['absent', facts()],
  ])('a verification %s does not', (_label, given) => {
    expect(validVerification('agent-1', given, now)).toBeUndefined();
    expect(billingGate('agent-1', given, now)).toEqual({
      allowed: false,
      reason: Reason.ID_VERIFICATION_REQUIRED,
    });
  });
});

describe('coveringException and billingGate: gate 2 of docs/design.md section 2', () => {
  test.each<ExceptionFact['basis']>([AccessBasis.LEGAL_PROCESS, AccessBasis.EMERGENCY])(
    'an active exception covering BILLING opens it to its requester and approver, on its basis (%s)',
    (basis) => {
      const given = facts({ exceptions: [exception({ basis })] });
      const opened = { allowed: true, basis, exceptionId: '7', validUntil: minutes(60) };
      for (const officer of ['officer-1', 'officer-2']) {
        expect(coveringException(officer, DataCategory.BILLING, given, now)?.id).toBe('7');
        expect(billingGate(officer, given, now)).toEqual(opened);
      }
      expect(coveringException('officer-3', DataCategory.BILLING, given, now)).toBeUndefined();
      expect(billingGate('officer-3', given, now).allowed).toBe(false);
    },
  );

  test.each([
    ['not active', exception({ active: false })],
    ['expired', exception({ validUntil: minutes(-1) })],
    ['covering another category only', exception({ categories: [DataCategory.USAGE] })],
  ])('an exception %s does not', (_label, given) => {
    expect(
      coveringException('officer-1', DataCategory.BILLING, facts({ exceptions: [given] }), now),
    ).toBeUndefined();
    expect(billingGate('officer-1', facts({ exceptions: [given] }), now).allowed).toBe(false);
  });

  test('an exception opens to COMPLIANCE only the categories it lists, on its basis', () => {
    const given = facts({
      exceptions: [exception({ categories: [DataCategory.USAGE], basis: AccessBasis.EMERGENCY })],
    });
    const officer = as(Role.COMPLIANCE, 'officer-1');
    expect(decideCategory(officer, DataCategory.USAGE, '42', given, now)).toEqual({
      allowed: true,
      basis: AccessBasis.EMERGENCY,
      exceptionId: '7',
      validUntil: minutes(60),
    });
    expect(decideCategory(officer, DataCategory.SUPPORT, '42', given, now)).toEqual({
      allowed: false,
      reason: Reason.CATEGORY_NOT_COVERED,
    });
    expect(decideCategory(officer, DataCategory.BILLING, '42', given, now)).toEqual({
      allowed: false,
      reason: Reason.ID_VERIFICATION_REQUIRED,
    });
  });
});

describe('decideOperation', () => {
  test('public operations need no token; others name why they refuse', () => {
    expect(decideOperation(null, 'public').allowed).toBe(true);
    expect(decideOperation(null, [Role.ADMIN])).toEqual({ allowed: false, reason: Reason.TOKEN_MISSING });
    for (const roles of [[Role.ADMIN], [Role.COMPLIANCE]]) {
      expect(decideOperation(as(Role.SUPPORT), roles)).toEqual({
        allowed: false,
        reason: Reason.ROLE_NOT_PERMITTED,
      });
    }
    expect(decideOperation(as(Role.REPORTING), [Role.ADMIN])).toEqual({
      allowed: false,
      reason: Reason.AGGREGATES_ONLY,
    });
    expect(decideOperation(as(Role.ADMIN), [Role.ADMIN]).allowed).toBe(true);
  });
});
