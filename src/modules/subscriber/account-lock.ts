import type { EntityManager } from 'typeorm';
import type { Identity } from '../../auth/identity';
import { ConflictError, NotFoundError, Reason } from '../../common/errors';
import { ownSubscriberScope } from '../../access/scope';
import { AccountStatus, SubscriberEntity } from './subscriber.entity';

/**
 * Locks a subscriber row for the rest of the caller's transaction (SELECT ... FOR UPDATE),
 * limited in SQL to what `identity` may reach: a CUSTOMER aiming elsewhere gets NOT_FOUND.
 * The lock orders every change of an account after or before a concurrent purge of it.
 */
export async function lockAccount(
  manager: EntityManager,
  subscriberId: string,
  identity: Identity | null,
): Promise<SubscriberEntity> {
  const query = manager
    .getRepository(SubscriberEntity)
    .createQueryBuilder('s')
    .setLock('pessimistic_write')
    .where('s.id = :subscriberId', { subscriberId });
  const scope = identity ? ownSubscriberScope(identity) : null;
  if (scope !== null) query.andWhere('s.id = :scope', { scope });
  const account = await query.getOne();
  if (!account) throw new NotFoundError('Subscriber');
  return account;
}

/** Nothing new is recorded about an erased account. */
export function assertNotPurged(account: SubscriberEntity): void {
  if (account.status === AccountStatus.PURGED) {
    throw new ConflictError(Reason.ACCOUNT_PURGED, 'The account has been purged');
  }
}

/** Locks the account and refuses a purged one: the start of every customer-data mutation. */
export async function lockLiveAccount(
  manager: EntityManager,
  subscriberId: string,
  identity: Identity | null,
): Promise<SubscriberEntity> {
  const account = await lockAccount(manager, subscriberId, identity);
  assertNotPurged(account);
  return account;
}
