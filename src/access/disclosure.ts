import { AccessBasis } from './basis';
import { ConflictError, ForbiddenError, BadInputError, Reason } from '../common/errors';
import { DAY_MS, HOUR_MS } from '../common/clock';

/**
 * Disclosure exceptions as a small state machine (docs/design.md section 2, "Disclosure
 * exceptions"). Policy: "KacMac will not share or disclose information regarding its
 * subscribers except (i) when we receive legal process such as a court order; (ii) when
 * reasonably necessary to protect the company's rights or property; or; (iii) in
 * emergencies where someone's safety is at risk." Pure functions: the service loads the
 * row, asks here, and writes what these answer.
 */
// The exception bases are the access bases other than ROLE and ID_VERIFICATION: a read an
// exception allows is logged under the exception's own basis.
export enum DisclosureBasis {
  LEGAL_PROCESS = AccessBasis.LEGAL_PROCESS,
  PROTECT_RIGHTS = AccessBasis.PROTECT_RIGHTS,
  EMERGENCY = AccessBasis.EMERGENCY,
}

/** What the API shows. EXPIRED is never stored: it is computed from validUntil at read time. */
export enum DisclosureStatus {
  PENDING = 'PENDING',
  ACTIVE = 'ACTIVE',
  EXPIRED = 'EXPIRED',
  REVOKED = 'REVOKED',
  REJECTED = 'REJECTED',
}

export type StoredStatus = Exclude<DisclosureStatus, DisclosureStatus.EXPIRED>;

export interface ExceptionState {
  basis: DisclosureBasis;
  status: StoredStatus;
  requestedBy: string;
  reviewedBy: string | null;
  validUntil: Date;
}

/** docs/design.md: "validUntil (at most 90 days; EMERGENCY at most 72 hours)". */
export const MAX_VALIDITY_MS: Record<DisclosureBasis, number> = {
  LEGAL_PROCESS: 90 * DAY_MS,
  PROTECT_RIGHTS: 90 * DAY_MS,
  EMERGENCY: 72 * HOUR_MS,
};

export function assertValidity(basis: DisclosureBasis, validUntil: Date, now: Date): void {
  if (validUntil.getTime() <= now.getTime()) {
    throw new BadInputError('input.validUntil', 'must be in the future');
  }
  if (validUntil.getTime() - now.getTime() > MAX_VALIDITY_MS[basis]) {
    const limit = basis === DisclosureBasis.EMERGENCY ? '72 hours' : '90 days';
    throw new BadInputError('input.validUntil', `must be at most ${limit} ahead`, Reason.VALIDITY_TOO_LONG);
  }
}

/** docs/design.md: LEGAL_PROCESS and PROTECT_RIGHTS start PENDING (four eyes); EMERGENCY is ACTIVE at once. */
export function initialStatus(basis: DisclosureBasis): StoredStatus {
  return basis === DisclosureBasis.EMERGENCY ? DisclosureStatus.ACTIVE : DisclosureStatus.PENDING;
}

/** The status at `now`: a PENDING or ACTIVE exception past its validUntil reads EXPIRED. */
export function effectiveStatus(state: ExceptionState, now: Date): DisclosureStatus {
  const open = state.status === DisclosureStatus.PENDING || state.status === DisclosureStatus.ACTIVE;
  return open && now.getTime() >= state.validUntil.getTime() ? DisclosureStatus.EXPIRED : state.status;
}

/** An EMERGENCY exception acts at once and awaits a second COMPLIANCE actor's review. */
export function awaitingReview(state: ExceptionState, now: Date): boolean {
  return (
    state.basis === DisclosureBasis.EMERGENCY &&
    effectiveStatus(state, now) === DisclosureStatus.ACTIVE &&
    state.reviewedBy === null
  );
}

/**
 * Could two actor ids name the same person? Actor ids are compared byte for byte
 * everywhere (docs/design.md section 2, "Actor ids"), but an identity provider that treats
 * "OFFICER-1" and "officer-1" (or "ｏｆｆｉｃｅｒ-1") as one login would let one person
 * approve their own request. Separation of duties therefore fails closed: ids equal after
 * Unicode compatibility normalisation and case folding count as the same actor here.
 */
export function mayBeSameActor(a: string, b: string): boolean {
  const fold = (id: string) => id.normalize('NFKC').toUpperCase().toLowerCase().normalize('NFKC');
  return a === b || fold(a) === fold(b);
}

/** Four eyes: the requester never approves, rejects or reviews its own exception. */
function assertSecondActor(actorId: string, state: ExceptionState): void {
  if (mayBeSameActor(actorId, state.requestedBy)) throw new ForbiddenError(Reason.FOUR_EYES_REQUIRED);
}

const notPending = () =>
  new ConflictError(Reason.EXCEPTION_NOT_PENDING, 'The exception is not awaiting a decision');

/**
 * approveDisclosureException: a PENDING exception becomes ACTIVE; an EMERGENCY one
 * awaiting review is reviewed and stays ACTIVE. Anything else: EXCEPTION_NOT_PENDING.
 */
export function decideApproval(actorId: string, state: ExceptionState, now: Date): 'ACTIVATE' | 'REVIEW' {
  assertSecondActor(actorId, state);
  if (effectiveStatus(state, now) === DisclosureStatus.PENDING) return 'ACTIVATE';
  if (awaitingReview(state, now)) return 'REVIEW';
  throw notPending();
}

/**
 * rejectDisclosureException: a PENDING exception is rejected; an EMERGENCY one awaiting
 * review is rejected and ends at once. Anything else: EXCEPTION_NOT_PENDING.
 */
export function decideRejection(actorId: string, state: ExceptionState, now: Date): 'REJECT' {
  assertSecondActor(actorId, state);
  if (effectiveStatus(state, now) === DisclosureStatus.PENDING || awaitingReview(state, now)) return 'REJECT';
  throw notPending();
}

/** revokeDisclosureException: ends a PENDING or ACTIVE exception; an ended one stays as it is. */
export function decideRevocation(state: ExceptionState, now: Date): 'REVOKE' {
  const status = effectiveStatus(state, now);
  if (status === DisclosureStatus.PENDING || status === DisclosureStatus.ACTIVE) return 'REVOKE';
  throw new ConflictError(Reason.EXCEPTION_ENDED, 'The exception has already ended');
}
