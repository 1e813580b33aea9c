import DataLoader from 'dataloader';
import { primary } from '../../database/read-routing';
import type { AppContext } from '../../context';
import { byKeys } from '../../common/loader-registry';
import { verificationScope } from '../../access/scope';
import { IdentityVerificationEntity } from './identity.entity';
import { IdentityVerification, toIdentityVerification } from './identity.type';

/**
 * A subscriber's verifications, newest first, in one statement per page of subscribers.
 * SUPPORT and BILLING see only their own (recorded by or granted to them), in SQL.
 */
export function verificationsBySubscriber(ctx: AppContext): DataLoader<string, IdentityVerification[]> {
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
          (found) => found.map(toIdentityVerification),
        );
      }),
  );
}
