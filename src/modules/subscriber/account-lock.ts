import type { EntityManager } from 'typeorm';
import type { AppContext } from '../../context';
import { SubscriberEntity } from './subscriber.entity';

/**
 * Locks a subscriber row for the rest of the request's transaction (SELECT ... FOR UPDATE),
 * or answers null when there is none. Only the mutation guard (access/mutation-guard.ts)
 * calls it: the lock orders every change of an account before or after a concurrent purge.
 */
export function lockSubscriberRow(
  manager: EntityManager,
  subscriberId: string,
): Promise<SubscriberEntity | null> {
  return manager
    .getRepository(SubscriberEntity)
    .createQueryBuilder('s')
    .setLock('pessimistic_write')
    .where('s.id = :subscriberId', { subscriberId })
    .getOne();
}

/**
 * The account the running mutation's guard has locked, reached and checked
 * (access/mutation-guards.ts): services act on it and repeat none of those decisions.
 */
export function guardedAccount(ctx: Pick<AppContext, 'guarded'>): SubscriberEntity {
  if (!ctx.guarded)
    throw new Error('This mutation declares no target subscriber in access/mutation-guards.ts');
  // The guard locked it through lockSubscriberRow above (src/modules/index.ts).
  return ctx.guarded.account as SubscriberEntity;
}
