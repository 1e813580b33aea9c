import { z } from 'zod';
import type { AppContext } from '../../context';
import { clock } from '../../common/clock';
import { NotFoundError } from '../../common/errors';
import { id as idSchema, parseInput, text } from '../../common/validation';
import { inTransaction } from '../../context/transaction';
import { DataCategory } from '../../access/categories';
import { AccessBasis } from '../../access/basis';
import { actorOf } from '../../access-log/access-log.service';
import { HoldReason, RetentionHoldEntity } from './retention-hold.entity';
import { PurgeOutcome, RetentionPurge } from './purge.service';

const placeSchema = z.object({
  subscriberId: idSchema,
  reason: z.enum(HoldReason),
  note: text(2000),
});

/** Retention holds and the purge, as compliance actions: each one is in the access log. */
export class RetentionService {
  constructor(private readonly ctx: AppContext) {}

  private log(subscriberId: string, operation: string): void {
    this.ctx.transaction.logChange([
      {
        subscriberId,
        category: DataCategory.COMPLIANCE,
        fields: ['retentionHolds'],
        basis: AccessBasis.ROLE,
        operation,
      },
    ]);
  }

  async place(subscriberId: string, reason: HoldReason, note: string): Promise<RetentionHoldEntity> {
    const values = parseInput(placeSchema, { subscriberId, reason, note }, '');
    return inTransaction(this.ctx, async (manager) => {
      // The guard's lock on the account orders the hold before or after a purge of it; a
      // PURGED account, with nothing left to hold, was refused there.
      const saved = await manager.save(
        manager.create(RetentionHoldEntity, {
          ...values,
          placedBy: this.ctx.identity!.actorId,
          placedAt: clock.now(),
          releasedBy: null,
          releasedAt: null,
        }),
      );
      this.log(values.subscriberId, 'placeRetentionHold');
      return saved;
    });
  }

  /** Releasing the last hold makes the account due again (docs/design.md section 4). */
  async release(id: string): Promise<RetentionHoldEntity> {
    const holdId = parseInput(idSchema, id, 'id');
    return inTransaction(this.ctx, async (manager) => {
      const hold = await manager
        .getRepository(RetentionHoldEntity)
        .createQueryBuilder('h')
        .setLock('pessimistic_write')
        .where('h.id = :holdId', { holdId })
        .getOne();
      if (!hold) throw new NotFoundError('Retention hold');
      // Releasing a released hold changes nothing and logs nothing.
      if (hold.releasedAt) return hold;
      hold.releasedAt = clock.now();
      hold.releasedBy = this.ctx.identity!.actorId;
      await manager.update(
        RetentionHoldEntity,
        { id: holdId },
        { releasedAt: hold.releasedAt, releasedBy: hold.releasedBy },
      );
      this.log(String(hold.subscriberId), 'releaseRetentionHold');
      return hold;
    });
  }

  purge(dryRun: boolean): Promise<PurgeOutcome> {
    return new RetentionPurge(this.ctx.db, {
      dryRun,
      actor: actorOf(this.ctx.identity!),
      requestId: this.ctx.requestId,
    }).run();
  }
}
