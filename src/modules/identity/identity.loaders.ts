import DataLoader from 'dataloader';
import type { EntityManager } from 'typeorm';
import type { VerificationFact } from '../../access/decisions';
import { primary } from '../../database/read-routing';
import type { AppContext } from '../../context';
import { byKeys } from '../../common/loader-registry';
import { verificationScope } from '../../access/scope';
import { IdentityVerificationEntity, IdentityVerificationRow } from './identity.entity';
import { toVerificationFact } from '../subscriber/gate-facts.loaders';

/**
 * A subscriber's verifications, newest first, in one statement per page of subscribers.
 * SUPPORT and BILLING see only their own (recorded by or granted to them), in SQL.
 */
export function verificationsBySubscriber(ctx: AppContext): DataLoader<string, IdentityVerificationRow[]> {
  return ctx.loaders.get(
    'identity.verificationsBySubscriber',
    () =>
      new DataLoader(async (ids: readonly string[]) => {
        const query = primary(ctx)
          .getRepository(IdentityVerificationEntity)
          .createQueryBuilder('v')
          .select(['v.id', 'v.subscriberId', 'v.documentType', 'v.verifiedBy', 'v.grantedTo'])
          .addSelect(['v.verifiedAt', 'v.validUntil'])
          .where('v.subscriber_id IN (:...ids)', { ids: [...ids] });
        const actor = verificationScope(ctx.identity!);
        if (actor !== null) query.andWhere('(v.verified_by = :actor OR v.granted_to = :actor)', { actor });
        const rows = await query.orderBy('v.id', 'DESC').getMany();
        return byKeys(
          ids,
          rows,
          (row) => String(row.subscriberId),
          (found) => found,
        );
      }),
  );
}

/** The caller's verifications of a subscriber valid now, read in the change's own transaction. */
export async function changeVerificationFacts(
  manager: EntityManager,
  subscriberId: string,
  grantedTo: string,
  now: Date,
): Promise<VerificationFact[]> {
  const rows: Record<string, unknown>[] = await manager.query(
    `SELECT granted_to, verified_at, valid_until FROM identity_verifications
     WHERE subscriber_id = ? AND granted_to = ? AND valid_until > ?`,
    [subscriberId, grantedTo, now],
  );
  return rows.map(toVerificationFact);
}
