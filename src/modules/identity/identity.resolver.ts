import { Arg, Ctx, FieldResolver, Mutation, Resolver, Root } from 'type-graphql';
import type { AppContext } from '../../context';
import { Category, DataCategory } from '../../access/categories';
import { Subscriber } from '../subscriber/subscriber.type';
import { IdentityVerification, IdentityVerificationInput } from './identity.type';
import { IdentityVerificationService } from './identity.service';
import { verificationsBySubscriber } from './identity.loaders';

@Resolver(() => IdentityVerification)
export class IdentityVerificationResolver {
  @Mutation(() => IdentityVerification, { description: 'Record that a government ID was checked' })
  recordIdentityVerification(
    @Arg('input', () => IdentityVerificationInput) input: IdentityVerificationInput,
    @Ctx() ctx: AppContext,
  ): Promise<IdentityVerification> {
    return new IdentityVerificationService(ctx).record(input);
  }
}

@Resolver(() => Subscriber)
export class SubscriberVerificationsResolver {
  @FieldResolver(() => [IdentityVerification], {
    nullable: true,
    description: 'COMPLIANCE and ADMIN: all; SUPPORT and BILLING: their own',
  })
  @Category(DataCategory.COMPLIANCE)
  identityVerifications(
    @Root() subscriber: Subscriber,
    @Ctx() ctx: AppContext,
  ): Promise<IdentityVerification[]> {
    return verificationsBySubscriber(ctx).load(subscriber.id);
  }
}
