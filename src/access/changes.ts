import type { EntityManager } from 'typeorm';
import type { Identity } from '../auth/identity';
import { clock } from '../common/clock';
import { ForbiddenError, Reason } from '../common/errors';
import { validVerification, VerificationFact } from './decisions';

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
  const rows: { granted_to: string; verified_at: Date; valid_until: Date }[] = await manager.query(
    `SELECT granted_to, verified_at, valid_until FROM identity_verifications
     WHERE subscriber_id = ? AND granted_to = ? AND valid_until > ?`,
    [subscriberId, identity.actorId, now],
  );
  const facts = {
    verifications: rows.map((row) => ({
      grantedTo: String(row.granted_to),
      verifiedAt: row.verified_at,
      validUntil: row.valid_until,
    })),
    exceptions: [],
  };
  const verification = validVerification(identity.actorId, facts, now);
  if (!verification) throw new ForbiddenError(Reason.ID_VERIFICATION_REQUIRED);
  return verification;
}
