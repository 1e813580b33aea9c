import { ROLE_TRAITS } from './policy-table';
import type { Identity } from '../auth/actor';

/**
 * Row scoping ("own" in docs/design.md section 2): the subscriber id a query must be limited
 * to, in its WHERE clause, or null when the role reaches every subscriber. Services pass
 * it to SQL; they never filter loaded rows.
 */
export function ownSubscriberScope(identity: Identity): string | null {
  return ROLE_TRAITS[identity.role].selfScoped ? identity.actorId : null;
}

/**
 * docs/design.md section 2, COMPLIANCE row ("verifications only"): SUPPORT and BILLING see the
 * verifications they recorded or that are granted to them; the actor id to filter on in
 * SQL, or null when the role sees every verification.
 */
export function verificationScope(identity: Identity): string | null {
  return ROLE_TRAITS[identity.role].ownVerificationsOnly ? identity.actorId : null;
}
