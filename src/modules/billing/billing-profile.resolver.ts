import { Arg, Ctx, FieldResolver, ID, Mutation, Resolver, Root } from 'type-graphql';
import type { AppContext } from '../../context';
import { Category, DataCategory } from '../../access/categories';
import { billingAccessFor } from '../../access/billing-access';
import { Subscriber } from '../subscriber/subscriber.type';
import { AccessDecision, BillingProfile, toBillingProfile } from './billing-profile.type';
import { BillingInfoInput } from './billing-profile.inputs';
import { billingProfileBySubscriber } from './billing-profile.loaders';
import { BillingProfileService } from './billing-profile.service';

@Resolver(() => Subscriber)
export class SubscriberBillingResolver {
  @FieldResolver(() => BillingProfile, { nullable: true, description: 'Behind the billing gate' })
  @Category(DataCategory.BILLING)
  async billing(@Root() subscriber: Subscriber, @Ctx() ctx: AppContext): Promise<BillingProfile | null> {
    const row = await billingProfileBySubscriber(ctx).load(subscriber.id);
    return row ? toBillingProfile(row) : null;
  }

  @FieldResolver(() => AccessDecision, {
    description: 'May this viewer see billing now, and on which basis; never an error',
  })
  @Category(DataCategory.IDENTIFIER)
  async billingAccess(@Root() subscriber: Subscriber, @Ctx() ctx: AppContext): Promise<AccessDecision> {
    const decision = await billingAccessFor(ctx, subscriber.id);
    return Object.assign(new AccessDecision(), {
      granted: decision.allowed,
      basis: decision.allowed ? decision.basis : null,
      reason: decision.allowed ? null : decision.reason,
      validUntil: decision.allowed ? (decision.validUntil ?? null) : null,
    });
  }
}

@Resolver(() => BillingProfile)
export class BillingProfileResolver {
  @Mutation(() => BillingProfile, { description: 'Needs an identity verification granted to the caller' })
  async updateBillingInfo(
    // The target: resolved, reached and locked by the mutation guard (access/mutation-guards.ts).
    @Arg('subscriberId', () => ID) _subscriberId: string,
    @Arg('input', () => BillingInfoInput) input: BillingInfoInput,
    @Ctx() ctx: AppContext,
  ): Promise<BillingProfile> {
    return toBillingProfile(await new BillingProfileService(ctx).update(input));
  }
}
