import { Arg, Ctx, FieldResolver, ID, Mutation, Resolver, Root } from 'type-graphql';
import type { AppContext } from '../../context';
import { Category, DataCategory } from '../../access/categories';
import { Subscriber } from '../subscriber/subscriber.type';
import { HoldReason } from './retention-hold.entity';
import { RetentionHold, toRetentionHold } from './retention-hold.type';
import { PurgeResult } from './purge-result.type';
import { RetentionService } from './retention.service';
import { holdsBySubscriber } from './retention.loaders';

@Resolver(() => RetentionHold)
export class RetentionResolver {
  @Mutation(() => RetentionHold)
  async placeRetentionHold(
    @Arg('subscriberId', () => ID) subscriberId: string,
    @Arg('reason', () => HoldReason) reason: HoldReason,
    @Arg('note') note: string,
    @Ctx() ctx: AppContext,
  ): Promise<RetentionHold> {
    return toRetentionHold(await new RetentionService(ctx).place(subscriberId, reason, note));
  }

  @Mutation(() => RetentionHold)
  async releaseRetentionHold(
    @Arg('id', () => ID) id: string,
    @Ctx() ctx: AppContext,
  ): Promise<RetentionHold> {
    return toRetentionHold(await new RetentionService(ctx).release(id));
  }

  @Mutation(() => PurgeResult, {
    description: 'Erase accounts past the retention period (a dry run by default)',
  })
  async runRetentionPurge(
    @Ctx() ctx: AppContext,
    @Arg('dryRun', () => Boolean, { nullable: true, defaultValue: true }) dryRun: boolean,
  ): Promise<PurgeResult> {
    return Object.assign(new PurgeResult(), await new RetentionService(ctx).purge(dryRun !== false));
  }
}

@Resolver(() => Subscriber)
export class SubscriberHoldsResolver {
  @FieldResolver(() => [RetentionHold], { nullable: true, description: 'Oldest first, released ones too' })
  @Category(DataCategory.COMPLIANCE)
  async retentionHolds(@Root() subscriber: Subscriber, @Ctx() ctx: AppContext): Promise<RetentionHold[]> {
    const rows = await holdsBySubscriber(ctx).load(subscriber.id);
    return rows.map(toRetentionHold);
  }
}
