import { Role } from '../auth/roles';
import type { Identity } from '../auth/actor';
import { Reason } from '../common/errors';
import { AccessBasis } from './basis';
import { DataCategory } from './categories';
import { CATEGORY_ACCESS, ROLE_TRAITS, TableCategory } from './policy-table';

/** A strict answer: allowed on a basis, or denied with a reason (never a bare boolean). */
export type Decision =
  | { allowed: true; basis: AccessBasis; exceptionId?: string; validUntil?: Date }
  | { allowed: false; reason: Reason };

const allow = (
  basis: AccessBasis = AccessBasis.ROLE,
  grounds: { exceptionId?: string; validUntil?: Date } = {},
): Decision => ({ allowed: true, basis, ...grounds });
const deny = (reason: Reason): Decision => ({ allowed: false, reason });

/** An identity verification of a subscriber, as the gate needs it (docs/design.md section 2, gate 1). */
export interface VerificationFact {
  grantedTo: string;
  verifiedAt: Date;
  validUntil: Date;
}

/** A disclosure exception of a subscriber, as the gate needs it (docs/design.md section 2, gate 2). */
export interface ExceptionFact {
  id: string;
  basis: AccessBasis.LEGAL_PROCESS | AccessBasis.PROTECT_RIGHTS | AccessBasis.EMERGENCY;
  active: boolean;
  categories: DataCategory[];
  requestedBy: string;
  approvedBy: string | null;
  validUntil: Date;
}

/** What the rules know about one subscriber when deciding: its gate facts. */
export interface SubscriberFacts {
  verifications: VerificationFact[];
  exceptions: ExceptionFact[];
}

export const NO_FACTS: SubscriberFacts = { verifications: [], exceptions: [] };

/**
 * Gate 1: a verification of the subscriber granted to this actor, valid now.
 * Policy: "may require a copy of a government issued form of identification before
 * disclosing billing information or before making changes to the billing or contact
 * information". Used for reads (billing gate) and for every contact/billing change.
 */
export function validVerification(
  actorId: string,
  facts: SubscriberFacts,
  now: Date,
): VerificationFact | undefined {
  return facts.verifications.find(
    (v) =>
      v.grantedTo === actorId &&
      v.verifiedAt.getTime() <= now.getTime() &&
      now.getTime() < v.validUntil.getTime(),
  );
}

/**
 * Gate 2: an ACTIVE exception of the subscriber covering `category`, requested by or
 * approved by this actor, not yet expired. Policy: "(i) legal process such as a court
 * order; (ii) ... to protect the company's rights or property; (iii) emergencies".
 */
export function coveringException(
  actorId: string,
  category: DataCategory,
  facts: SubscriberFacts,
  now: Date,
): ExceptionFact | undefined {
  return facts.exceptions.find(
    (e) =>
      e.active &&
      e.categories.includes(category) &&
      (e.requestedBy === actorId || e.approvedBy === actorId) &&
      now.getTime() < e.validUntil.getTime(),
  );
}

/** docs/design.md section 2, "The billing gate": verification first, then an exception. */
export function billingGate(actorId: string, facts: SubscriberFacts, now: Date): Decision {
  const verification = validVerification(actorId, facts, now);
  if (verification) return allow(AccessBasis.ID_VERIFICATION, { validUntil: verification.validUntil });
  const exception = coveringException(actorId, DataCategory.BILLING, facts, now);
  if (exception)
    return allow(exception.basis, { exceptionId: exception.id, validUntil: exception.validUntil });
  return deny(Reason.ID_VERIFICATION_REQUIRED);
}

/**
 * May `identity` read `category` of subscriber `ownerId`? The whole table of docs/design.md
 * section 2 in one pure function. `identity` null means no usable token.
 */
export function decideCategory(
  identity: Identity | null,
  category: TableCategory,
  ownerId: string | null,
  facts: SubscriberFacts,
  now: Date,
): Decision {
  if (!identity) return deny(Reason.TOKEN_MISSING);
  const access = CATEGORY_ACCESS[category][identity.role];
  // docs/design.md section 5: reporting reads aggregates only.
  if (access === 'no' && ROLE_TRAITS[identity.role].aggregatesOnly) return deny(Reason.AGGREGATES_ONLY);
  const own = ownerId !== null && ROLE_TRAITS[identity.role].selfScoped && identity.actorId === ownerId;
  switch (access) {
    case 'yes':
      return allow();
    case 'own':
      // "own": anything else reads as not found, so that its existence is not revealed.
      return own ? allow() : deny(Reason.NOT_FOUND);
    case 'gate':
      return billingGate(identity.actorId, facts, now);
    case 'ownGate':
      return own ? billingGate(identity.actorId, facts, now) : deny(Reason.NOT_FOUND);
    case 'exception': {
      if (category === 'PUBLIC' || category === 'AGGREGATE') return deny(Reason.ROLE_NOT_PERMITTED);
      const exception = coveringException(identity.actorId, category, facts, now);
      return exception
        ? allow(exception.basis, { exceptionId: exception.id, validUntil: exception.validUntil })
        : deny(Reason.CATEGORY_NOT_COVERED);
    }
    case 'no':
      return deny(Reason.ROLE_NOT_PERMITTED);
  }
}

/** May `identity` call a root operation open to `roles`? (access/operations.ts) */
export function decideOperation(identity: Identity | null, roles: readonly Role[] | 'public'): Decision {
  if (roles === 'public') return allow();
  if (!identity) return deny(Reason.TOKEN_MISSING);
  if (roles.includes(identity.role)) return allow();
  return deny(ROLE_TRAITS[identity.role].aggregatesOnly ? Reason.AGGREGATES_ONLY : Reason.ROLE_NOT_PERMITTED);
}
