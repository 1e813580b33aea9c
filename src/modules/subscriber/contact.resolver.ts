import { Arg, Ctx, ID, Mutation, Resolver } from 'type-graphql';
import type { AppContext } from '../../context';
import { Subscriber, toSubscriber } from './subscriber.type';
import { ContactInfoInput } from './contact.inputs';
import { ContactInfoService } from './contact.service';

@Resolver(() => Subscriber)
export class ContactInfoResolver {
  @Mutation(() => Subscriber, { description: 'Needs an identity verification granted to the caller' })
  async updateContactInfo(
    // The target: resolved, reached and locked by the mutation guard (access/mutation-guards.ts).
    @Arg('subscriberId', () => ID) _subscriberId: string,
    @Arg('input', () => ContactInfoInput) input: ContactInfoInput,
    @Ctx() ctx: AppContext,
  ): Promise<Subscriber> {
    return toSubscriber(await new ContactInfoService(ctx).update(input));
  }
}
