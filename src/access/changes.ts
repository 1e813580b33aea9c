import type { EntityManager } from 'typeorm';
import type { Identity } from '../auth/actor';
import { clock } from '../common/clock';
import { ForbiddenError, Reason } from '../common/errors';
import { validVerification, VerificationFact } from './decisions';
import { factSources } from './fact-sources';

/**
 * Policy: "KacMac may require a copy of a government issued form of identification ...
 * before making changes to the billing or contact information on an account."
 * docs/design.md section 2: a change needs an identity verification of the subscriber, valid
 * now and granted to the caller (the subscriber itself for a CUSTOMER); a disclosure
 * exception never authorises a change. Read by the mutation guard inside the change's
 * transaction, under the account lock, so a verification that expires meanwhile is not used.
 */
export async function requireChangeVerification(
  manager: EntityManager,
  identity: Identity,
  subscriberId: string,
): Promise<VerificationFact> {
  const now = clock.now();
  const verifications = await factSources().changeVerifications(manager, subscriberId, identity.actorId, now);
  const facts = { verifications, exceptions: [] };
  const verification = validVerification(identity.actorId, facts, now);
  if (!verification) throw new ForbiddenError(Reason.ID_VERIFICATION_REQUIRED);
  return verification;
}
