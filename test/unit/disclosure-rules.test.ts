import {
  assertValidity,
  awaitingReview,
  decideApproval,
  decideRejection,
  decideRevocation,
  DisclosureBasis,
  DisclosureStatus,
  effectiveStatus,
  ExceptionState,
  initialStatus,
} from '../../src/access/disclosure';
import { DAY_MS, HOUR_MS } from '../../src/common/clock';

const now = new Date(Date.UTC(2026, 10, 25, 12));
const later = (ms: number) => new Date(now.getTime() + ms);
const state = (more: Partial<ExceptionState> = {}): ExceptionState => ({
  basis: DisclosureBasis.LEGAL_PROCESS,
  status: DisclosureStatus.PENDING,
  requestedBy: 'officer-a',
  reviewedBy: null,
  validUntil: later(DAY_MS),
  ...more,
});
const reasonOf = (fn: () => unknown) => {
  try {
    fn();
  } catch (error) {
    return (error as { reason: string }).reason;
  }
  return 'none';
};

test('validity: at most 90 days, EMERGENCY at most 72 hours, and in the future', () => {
  expect(reasonOf(() => assertValidity(DisclosureBasis.LEGAL_PROCESS, later(90 * DAY_MS), now))).toBe('none');
  expect(reasonOf(() => assertValidity(DisclosureBasis.PROTECT_RIGHTS, later(90 * DAY_MS + 1), now))).toBe(
    'VALIDITY_TOO_LONG',
  );
  expect(reasonOf(() => assertValidity(DisclosureBasis.EMERGENCY, later(72 * HOUR_MS), now))).toBe('none');
  expect(reasonOf(() => assertValidity(DisclosureBasis.EMERGENCY, later(72 * HOUR_MS + 1), now))).toBe(
    'VALIDITY_TOO_LONG',
  );
  expect(reasonOf(() => assertValidity(DisclosureBasis.EMERGENCY, now, now))).toBe('INVALID_INPUT');
});

test('EMERGENCY starts ACTIVE, the others PENDING', () => {
  expect(initialStatus(DisclosureBasis.EMERGENCY)).toBe('ACTIVE');
  expect(initialStatus(DisclosureBasis.LEGAL_PROCESS)).toBe('PENDING');
  expect(initialStatus(DisclosureBasis.PROTECT_RIGHTS)).toBe('PENDING');
});

test('EXPIRED is computed from validUntil; ended ones keep their status', () => {
  expect(effectiveStatus(state({ validUntil: now }), now)).toBe('EXPIRED');
  expect(effectiveStatus(state({ status: DisclosureStatus.ACTIVE, validUntil: now }), now)).toBe('EXPIRED');
  expect(effectiveStatus(state({ status: DisclosureStatus.REVOKED, validUntil: now }), now)).toBe('REVOKED');
  expect(effectiveStatus(state(), now)).toBe('PENDING');
});

test('four eyes: the requester never decides', () => {
  expect(reasonOf(() => decideApproval('officer-a', state(), now))).toBe('FOUR_EYES_REQUIRED');
  expect(reasonOf(() => decideRejection('officer-a', state(), now))).toBe('FOUR_EYES_REQUIRED');
  expect(decideApproval('officer-b', state(), now)).toBe('ACTIVATE');
  expect(decideRejection('officer-b', state(), now)).toBe('REJECT');
});

test('EMERGENCY awaits review until a second officer approves or rejects it', () => {
  const emergency = state({ basis: DisclosureBasis.EMERGENCY, status: DisclosureStatus.ACTIVE });
  expect(awaitingReview(emergency, now)).toBe(true);
  expect(decideApproval('officer-b', emergency, now)).toBe('REVIEW');
  expect(decideRejection('officer-b', emergency, now)).toBe('REJECT');
  const reviewed = { ...emergency, reviewedBy: 'officer-b' };
  expect(awaitingReview(reviewed, now)).toBe(false);
  expect(reasonOf(() => decideApproval('officer-c', reviewed, now))).toBe('EXCEPTION_NOT_PENDING');
});

test('anything not pending: EXCEPTION_NOT_PENDING; revoking an ended one: EXCEPTION_ENDED', () => {
  const active = state({ status: DisclosureStatus.ACTIVE });
  expect(reasonOf(() => decideApproval('officer-b', active, now))).toBe('EXCEPTION_NOT_PENDING');
  expect(reasonOf(() => decideRejection('officer-b', active, now))).toBe('EXCEPTION_NOT_PENDING');
  expect(reasonOf(() => decideApproval('officer-b', state({ validUntil: now }), now))).toBe(
    'EXCEPTION_NOT_PENDING',
  );
  expect(decideRevocation(active, now)).toBe('REVOKE');
  expect(decideRevocation(state(), now)).toBe('REVOKE');
  expect(reasonOf(() => decideRevocation(state({ status: DisclosureStatus.REJECTED }), now))).toBe(
    'EXCEPTION_ENDED',
  );
  expect(reasonOf(() => decideRevocation(active, later(2 * DAY_MS)))).toBe('EXCEPTION_ENDED');
});
