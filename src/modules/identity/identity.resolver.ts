import { Arg, Ctx, FieldResolver, Mutation, Resolver, Root } from 'type-graphql';
import type { AppContext } from '../../context';
import { Category, DataCategory } from '../../access/categories';
import { NotFoundError } from '../../common/errors';
import { Subscriber, subscriberById } from '../subscriber/subscriber.type';
import { IdentityVerification, toIdentityVerification } from './identity.type';
import { IdentityVerificationInput } from './identity.inputs';
import { IdentityVerificationService } from './identity.service';
import { verificationsBySubscriber } from './identity.loaders';

@Resolver(() => IdentityVerification)
export class IdentityVerificationResolver {
  @Mutation(() => IdentityVerification, { description: 'Record that a government ID was checked' })
  async recordIdentityVerification(
    @Arg('input', () => IdentityVerificationInput) input: IdentityVerificationInput,
    @Ctx() ctx: AppContext,
  ): Promise<IdentityVerification> {
    return toIdentityVerification(await new IdentityVerificationService(ctx).record(input));
  }

  /**
   * The subscriber the verification opens, so a client can refresh it (billing now
   * readable) in the same request. IDENTIFIER, like every other way to a subscriber: the
   * category rule decides on the verification's subscriber, and the subscriber's own
   * fields keep their rules (billing behind the gate, sessions by role, ...).
   */
  @FieldResolver(() => Subscriber, { description: 'Lets a client refresh the subscriber it opened' })
  @Category(DataCategory.IDENTIFIER)
  async subscriber(@Root() verification: IdentityVerification, @Ctx() ctx: AppContext): Promise<Subscriber> {
    const subscriber = await subscriberById(ctx).load(verification.subscriberId);
    if (!subscriber) throw new NotFoundError('Subscriber');
    return subscriber;
  }
}

@Resolver(() => Subscriber)
export class SubscriberVerificationsResolver {
  @FieldResolver(() => [IdentityVerification], {
    nullable: true,
    description: 'COMPLIANCE and ADMIN: all; SUPPORT and BILLING: their own',
  })
  @Category(DataCategory.COMPLIANCE)
  async identityVerifications(
    @Root() subscriber: Subscriber,
    @Ctx() ctx: AppContext,
  ): Promise<IdentityVerification[]> {
    const rows = await verificationsBySubscriber(ctx).load(subscriber.id);
    return rows.map(toIdentityVerification);
  }
}
