import { Arg, Ctx, FieldResolver, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { AppContext } from '../../context';
import { Category, DataCategory, PUBLIC } from '../../access/categories';
import { Subscriber } from '../subscriber/subscriber.type';
import { DomainRegistration } from './domain.type';
import { DomainRegistrationInput } from './domain.inputs';
import { DomainService } from './domain.service';
import { domainsBySubscriber } from './domain.loaders';

@Resolver(() => DomainRegistration)
export class DomainResolver {
  @Query(() => DomainRegistration, { nullable: true, description: 'Public look-up; no token needed' })
  @Category(PUBLIC)
  domainRegistration(
    @Arg('domain') domain: string,
    @Ctx() ctx: AppContext,
  ): Promise<DomainRegistration | null> {
    return new DomainService(ctx).lookup(domain);
  }

  @Mutation(() => DomainRegistration)
  registerDomain(
    @Arg('input', () => DomainRegistrationInput) input: DomainRegistrationInput,
    @Ctx() ctx: AppContext,
  ): Promise<DomainRegistration> {
    return new DomainService(ctx).register(input);
  }
}

@Resolver(() => Subscriber)
export class SubscriberDomainsResolver {
  @FieldResolver(() => [DomainRegistration], { nullable: true })
  @Category(DataCategory.MARKETING)
  domains(@Root() subscriber: Subscriber, @Ctx() ctx: AppContext): Promise<DomainRegistration[]> {
    return domainsBySubscriber(ctx).load(subscriber.id);
  }
}
