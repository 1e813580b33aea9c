import { Arg, Ctx, FieldResolver, ID, Mutation, Resolver, Root } from 'type-graphql';
import type { AppContext } from '../../context';
import { Category, DataCategory } from '../../access/categories';
import { Subscriber, toSubscriber } from '../subscriber/subscriber.type';
import { LifecycleService } from './lifecycle.service';

@Resolver(() => Subscriber)
export class LifecycleResolver {
  @FieldResolver(() => Date, {
    nullable: true,
    description: 'cancelledAt + the retention period; null while a hold applies',
  })
  @Category(DataCategory.IDENTIFIER)
  deletionDueAt(@Root() subscriber: Subscriber, @Ctx() ctx: AppContext): Promise<Date | null> {
    return new LifecycleService(ctx).deletionDueAt(subscriber);
  }

  @Mutation(() => Subscriber, { description: 'Cancel: personal data is erased after the retention period' })
  async cancelAccount(
    @Arg('subscriberId', () => ID) _subscriberId: string,
    @Ctx() ctx: AppContext,
  ): Promise<Subscriber> {
    // The target is the guard's (access/mutation-guards.ts).
    return toSubscriber(await new LifecycleService(ctx).cancel());
  }

  @Mutation(() => Subscriber, { description: 'Within the retention period: active again, same e-mail' })
  async reactivateAccount(
    @Arg('subscriberId', () => ID) _subscriberId: string,
    @Ctx() ctx: AppContext,
  ): Promise<Subscriber> {
    // The target is the guard's (access/mutation-guards.ts).
    return toSubscriber(await new LifecycleService(ctx).reactivate());
  }
}
