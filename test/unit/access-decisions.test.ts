import { Role } from '../../src/auth/roles';
import { AccessBasis } from '../../src/access/basis';
import { DataCategory } from '../../src/access/categories';
import {
  billingGate,
  coveringException,
  decideCategory,
  decideOperation,
  ExceptionFact,
  SubscriberFacts,
  validVerification,
} from '../../src/access/decisions';
import { decideVerificationList } from '../../src/access/field-rules';
import { ownSubscriberScope, verificationScope } from '../../src/access/scope';
import { isUntargeted, MUTATION_GUARDS } from '../../src/access/mutation-guards';
import { MUTATION_ACCESS } from '../../src/access/operations';
import { AccountStatus } from '../../src/access/account-status';
import { mustLog } from '../../src/access/recorder';
import { AccessLogBuffer } from '../../src/access-log/access-buffer';

const now = new Date(Date.UTC(2026, 10, 25, 12));
const at = (minutes: number) => new Date(now.getTime() + minutes * 60_000);
const verification = (grantedTo: string, from = -5, until = 25) => ({
  grantedTo,
  verifiedAt: at(from),
  validUntil: at(until),
});
const exception = (more: Partial<ExceptionFact> = {}): ExceptionFact => ({
  id: '9',
  basis: AccessBasis.LEGAL_PROCESS,
  active: true,
  categories: [DataCategory.BILLING],
  requestedBy: 'officer-a',
  approvedBy: 'officer-b',
  validUntil: at(60),
  ...more,
});
const facts = (more: Partial<SubscriberFacts> = {}): SubscriberFacts => ({
  verifications: [],
  exceptions: [],
  ...more,
});

describe('validVerification (gate 1)', () => {
  test('granted to the actor and valid now', () => {
    expect(validVerification('agent', facts({ verifications: [verification('agent')] }), now)).toBeDefined();
    expect(
      validVerification('agent', facts({ verifications: [verification('other')] }), now),
    ).toBeUndefined();
    expect(
      validVerification('agent', facts({ verifications: [verification('agent', -40, -10)] }), now),
    ).toBeUndefined();
    expect(
      validVerification('agent', facts({ verifications: [verification('agent', 5, 35)] }), now),
    ).toBeUndefined();
  });
});

describe('coveringException (gate 2)', () => {
  test('ACTIVE, covering the category, requester or approver, not expired', () => {
    const f = facts({ exceptions: [exception()] });
    expect(coveringException('officer-a', DataCategory.BILLING, f, now)?.id).toBe('9');
    expect(coveringException('officer-b', DataCategory.BILLING, f, now)?.id).toBe('9');
    expect(coveringException('officer-c', DataCategory.BILLING, f, now)).toBeUndefined();
    expect(coveringException('officer-a', DataCategory.USAGE, f, now)).toBeUndefined();
    expect(coveringException('officer-a', DataCategory.BILLING, f, at(61))).toBeUndefined();
    const inactive = facts({ exceptions: [exception({ active: false })] });
    expect(coveringException('officer-a', DataCategory.BILLING, inactive, now)).toBeUndefined();
  });
});

describe('billingGate', () => {
  test('verification first, with its validity; then an exception, with its id and basis', () => {
    expect(billingGate('agent', facts({ verifications: [verification('agent')] }), now)).toEqual({
      allowed: true,
      basis: AccessBasis.ID_VERIFICATION,
      validUntil: at(25),
    });
    const emergency = exception({ basis: AccessBasis.EMERGENCY });
    expect(billingGate('officer-a', facts({ exceptions: [emergency] }), now)).toEqual({
      allowed: true,
      basis: AccessBasis.EMERGENCY,
      exceptionId: '9',
      validUntil: at(60),
    });
    expect(billingGate('agent', facts(), now)).toEqual({
      allowed: false,
      reason: 'ID_VERIFICATION_REQUIRED',
    });
  });
});

describe('decideCategory (the table of docs/design.md section 2)', () => {
  const id = (role: Role, actorId = 'actor') => ({ role, actorId });
  test.each([
    [null, DataCategory.CONTACT, 'TOKEN_MISSING'],
    [id(Role.REPORTING), DataCategory.IDENTIFIER, 'AGGREGATES_ONLY'],
    [id(Role.CUSTOMER, 'other'), DataCategory.CONTACT, 'NOT_FOUND'],
    [id(Role.CUSTOMER, 'other'), DataCategory.BILLING, 'NOT_FOUND'],
    [id(Role.CUSTOMER, 's1'), DataCategory.BILLING, 'ID_VERIFICATION_REQUIRED'],
    [id(Role.BILLING), DataCategory.USAGE, 'ROLE_NOT_PERMITTED'],
    [id(Role.COMPLIANCE), DataCategory.USAGE, 'CATEGORY_NOT_COVERED'],
    [id(Role.COMPLIANCE), DataCategory.SUPPORT, 'CATEGORY_NOT_COVERED'],
    [id(Role.SUPPORT), DataCategory.COMPLIANCE, 'ROLE_NOT_PERMITTED'],
  ])('%j reading %s → %s', (identity, category, reason) => {
    expect(decideCategory(identity, category, 's1', facts(), now)).toEqual({ allowed: false, reason });
  });

  test('an exception opens only the categories it lists, for COMPLIANCE', () => {
    const f = facts({
      exceptions: [exception({ categories: [DataCategory.USAGE], requestedBy: 'officer' })],
    });
    const officer = { role: Role.COMPLIANCE, actorId: 'officer' };
    expect(decideCategory(officer, DataCategory.USAGE, 's1', f, now)).toMatchObject({
      allowed: true,
      basis: AccessBasis.LEGAL_PROCESS,
      exceptionId: '9',
    });
    expect(decideCategory(officer, DataCategory.SUPPORT, 's1', f, now)).toMatchObject({
      reason: 'CATEGORY_NOT_COVERED',
    });
    expect(decideCategory(officer, DataCategory.BILLING, 's1', f, now)).toMatchObject({
      reason: 'ID_VERIFICATION_REQUIRED',
    });
  });

  test('role reads are allowed on basis ROLE; the own customer passes the gate like staff', () => {
    expect(
      decideCategory({ role: Role.SUPPORT, actorId: 'a' }, DataCategory.USAGE, 's1', facts(), now),
    ).toEqual({
      allowed: true,
      basis: AccessBasis.ROLE,
    });
    const own = facts({ verifications: [verification('s1')] });
    expect(
      decideCategory({ role: Role.CUSTOMER, actorId: 's1' }, DataCategory.BILLING, 's1', own, now),
    ).toMatchObject({
      allowed: true,
      basis: AccessBasis.ID_VERIFICATION,
    });
  });
});

describe('decideOperation', () => {
  test('roles, public, reporting, no token', () => {
    expect(decideOperation(null, 'public')).toMatchObject({ allowed: true });
    expect(decideOperation(null, [Role.ADMIN])).toEqual({ allowed: false, reason: 'TOKEN_MISSING' });
    expect(decideOperation({ role: Role.REPORTING, actorId: 'r' }, [Role.ADMIN])).toMatchObject({
      reason: 'AGGREGATES_ONLY',
    });
    expect(decideOperation({ role: Role.SUPPORT, actorId: 's' }, [Role.COMPLIANCE])).toMatchObject({
      reason: 'ROLE_NOT_PERMITTED',
    });
  });
});

describe('verifications list and scopes', () => {
  test('SUPPORT and BILLING see their own, ADMIN and COMPLIANCE all, nobody else any', () => {
    for (const role of [Role.SUPPORT, Role.BILLING, Role.ADMIN, Role.COMPLIANCE]) {
      expect(decideVerificationList({ role, actorId: 'a' }, now).allowed).toBe(true);
    }
    for (const role of [Role.CUSTOMER, Role.REPORTING]) {
      expect(decideVerificationList({ role, actorId: 'a' }, now).allowed).toBe(false);
    }
    expect(decideVerificationList(null, now)).toEqual({ allowed: false, reason: 'TOKEN_MISSING' });
    expect(verificationScope({ role: Role.SUPPORT, actorId: 'a' })).toBe('a');
    expect(verificationScope({ role: Role.COMPLIANCE, actorId: 'c' })).toBeNull();
  });

  test('own scope: a customer reaches its own rows only', () => {
    expect(ownSubscriberScope({ role: Role.CUSTOMER, actorId: '5' })).toBe('5');
    expect(ownSubscriberScope({ role: Role.ADMIN, actorId: 'a' })).toBeNull();
  });

  test('mutation guards: a customer reaches its own account only; every role that may call one has a reach', () => {
    for (const [name, guard] of Object.entries(MUTATION_GUARDS)) {
      const access = MUTATION_ACCESS[name];
      expect(access && 'roles' in access).toBe(true);
      if (isUntargeted(guard) || !access || !('roles' in access)) continue;
      expect(Object.keys(guard.reach).sort()).toEqual([...access.roles].sort());
      if (access.roles.includes(Role.CUSTOMER)) expect(guard.reach[Role.CUSTOMER]).toBe('own');
    }
  });

  test('mutation guards: a PURGED account takes no personal data, a RETAINED one verifications and payments', () => {
    const accepting = (status: AccountStatus) =>
      Object.entries(MUTATION_GUARDS)
        .filter(([, guard]) => !isUntargeted(guard) && guard.states.includes(status))
        .map(([name]) => name)
        .sort();
    // Ending access and queue housekeeping write nothing about the person.
    const endingOrHousekeeping = [
      'rejectDisclosureException',
      'releaseRetentionHold',
      'revokeDisclosureException',
      'setTicketStatus',
    ];
    expect(accepting(AccountStatus.PURGED)).toEqual(endingOrHousekeeping);
    expect(accepting(AccountStatus.RETAINED)).toEqual(
      [
        ...endingOrHousekeeping,
        'approveDisclosureException',
        'placeRetentionHold',
        'recordIdentityVerification',
        'recordPayment',
        'requestDisclosureException',
      ].sort(),
    );
  });
});

describe('what is logged (docs/design.md section 3)', () => {
  test('every BILLING read, and any read that was not allowed by role alone', () => {
    expect(mustLog(DataCategory.BILLING, AccessBasis.ID_VERIFICATION)).toBe(true);
    expect(mustLog(DataCategory.USAGE, AccessBasis.LEGAL_PROCESS)).toBe(true);
    expect(mustLog(DataCategory.USAGE, AccessBasis.ROLE)).toBe(false);
  });

  test('the buffer keeps one entry per subscriber, category, basis and exception, with every field', () => {
    const buffer = new AccessLogBuffer();
    const note = {
      subscriberId: '1',
      category: DataCategory.BILLING,
      basis: AccessBasis.ID_VERIFICATION,
      operation: 'q',
    };
    buffer.record({ ...note, field: 'Subscriber.billing' });
    buffer.record({ ...note, field: 'Subscriber.payments' });
    buffer.record({ ...note, field: 'Subscriber.billing' });
    buffer.record({ ...note, subscriberId: '2', field: 'Subscriber.billing' });
    buffer.record({
      ...note,
      basis: AccessBasis.LEGAL_PROCESS,
      exceptionId: '9',
      field: 'Subscriber.billing',
    });
    const records = buffer.drain();
    expect(records.map((r) => [r.subscriberId, r.basis, r.disclosureExceptionId, r.fields])).toEqual([
      ['1', 'ID_VERIFICATION', null, ['Subscriber.billing', 'Subscriber.payments']],
      ['2', 'ID_VERIFICATION', null, ['Subscriber.billing']],
      ['1', 'LEGAL_PROCESS', '9', ['Subscriber.billing']],
    ]);
    expect(buffer.drain()).toEqual([]);
  });
});
