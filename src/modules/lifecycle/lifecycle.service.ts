import type { AppContext } from '../../context';
import { clock } from '../../common/clock';
import { ConflictError, Reason } from '../../common/errors';
import { inTransaction } from '../../context/transaction';
import { SubscriberEntity } from '../subscriber/subscriber.entity';
import { AccountStatus } from '../../access/account-status';
import { holdsBySubscriber } from '../retention/retention.loaders';
import { retentionHasEnded } from '../subscriber/retention-period';
import { guardedAccount } from '../subscriber/account-lock';

/** What the deletion date of an account is computed from: a served subscriber has it. */
export interface RetentionClock {
  id: string;
  status: AccountStatus;
  /** cancelledAt + the retention period, before holds (subscriber.type.ts, toSubscriber). */
  retentionEndsAt: Date | null;
}

/**
 * Cancellation and reactivation (docs/design.md section 4). The e-mail address stays on a
 * cancelled account, so its unique index keeps it reserved for a returning subscriber.
 */
export class LifecycleService {
  constructor(private readonly ctx: AppContext) {}

  /** The account was locked and checked (ACTIVE or CANCELLED) by the mutation's guard. */
  async cancel(): Promise<SubscriberEntity> {
    const account = guardedAccount(this.ctx);
    return inTransaction(this.ctx, async (manager) => {
      // Cancelling twice changes nothing: the retention period runs from the first time.
      if (account.status === AccountStatus.CANCELLED) return account;
      const cancelledAt = clock.now();
      await manager.update(
        SubscriberEntity,
        { id: account.id },
        { status: AccountStatus.CANCELLED, cancelledAt },
      );
      return { ...account, status: AccountStatus.CANCELLED, cancelledAt };
    });
  }

  async reactivate(): Promise<SubscriberEntity> {
    const account = guardedAccount(this.ctx);
    return inTransaction(this.ctx, async (manager) => {
      if (account.status !== AccountStatus.CANCELLED || !account.cancelledAt) {
        throw new ConflictError(Reason.ACCOUNT_NOT_CANCELLED, 'The account is not cancelled');
      }
      // Policy: the information is kept "for this short period" so a subscriber may return.
      if (retentionHasEnded(account.cancelledAt, clock.now())) {
        throw new ConflictError(
          Reason.REACTIVATION_WINDOW_CLOSED,
          'The retention period has ended; the account can no longer be reactivated',
        );
      }
      await manager.update(
        SubscriberEntity,
        { id: account.id },
        { status: AccountStatus.ACTIVE, cancelledAt: null },
      );
      return { ...account, status: AccountStatus.ACTIVE, cancelledAt: null };
    });
  }

  /** `cancelledAt` + the retention period; null while any hold is active (one batch per page). */
  async deletionDueAt(subscriber: RetentionClock): Promise<Date | null> {
    if (subscriber.status !== AccountStatus.CANCELLED || !subscriber.retentionEndsAt) return null;
    const holds = await holdsBySubscriber(this.ctx).load(subscriber.id);
    return holds.some((hold) => hold.releasedAt === null) ? null : subscriber.retentionEndsAt;
  }
}
