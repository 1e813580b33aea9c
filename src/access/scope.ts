import { Role } from '../auth/roles';
import type { Identity } from '../auth/identity';
import { NotFoundError } from '../common/errors';

/**
 * Row scoping ("own" in docs/design.md section 2): the subscriber id a query must be limited
 * to, in its WHERE clause, or null when the role reaches every subscriber. Services pass
 * it to SQL; they never filter loaded rows.
 */
export function ownSubscriberScope(identity: Identity): string | null {
  return identity.role === Role.CUSTOMER ? identity.actorId : null;
}

/**
 * For a mutation aimed at `subscriberId`: a CUSTOMER may only aim at itself; any other
 * id answers NOT_FOUND, exactly as an id that does not exist.
 */
export function assertMayTarget(identity: Identity, subscriberId: string, what = 'Subscriber'): void {
  const scope = ownSubscriberScope(identity);
  if (scope !== null && scope !== subscriberId) throw new NotFoundError(what);
}

/** The subscriber a customer-facing mutation acts on: its own for a CUSTOMER. */
export function targetSubscriber(identity: Identity, requested: string | null | undefined): string | null {
  const scope = ownSubscriberScope(identity);
  if (scope !== null) {
    if (requested && requested !== scope) throw new NotFoundError('Subscriber');
    return scope;
  }
  return requested ?? null;
}

/**
 * docs/design.md section 2, COMPLIANCE row ("verifications only"): SUPPORT and BILLING see the
 * verifications they recorded or that are granted to them; the actor id to filter on in
 * SQL, or null when the role sees every verification.
 */
export function verificationScope(identity: Identity): string | null {
  return identity.role === Role.SUPPORT || identity.role === Role.BILLING ? identity.actorId : null;
}
