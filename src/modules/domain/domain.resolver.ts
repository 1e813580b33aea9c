import { Arg, Ctx, FieldResolver, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { AppContext } from '../../context';
import { Category, DataCategory, PUBLIC } from '../../access/categories';
import { Subscriber } from '../subscriber/subscriber.type';
import { DomainRegistration, toDomainRegistration } from './domain.type';
import { DomainRegistrationInput } from './domain.inputs';
import { DomainService } from './domain.service';
import { domainsBySubscriber } from './domain.loaders';

@Resolver(() => DomainRegistration)
export class DomainResolver {
  @Query(() => DomainRegistration, { nullable: true, description: 'Public look-up; no token needed' })
  @Category(PUBLIC)
  async domainRegistration(
    @Arg('domain') domain: string,
    @Ctx() ctx: AppContext,
  ): Promise<DomainRegistration | null> {
    const row = await new DomainService(ctx).lookup(domain);
    return row ? toDomainRegistration(row) : null;
  }

  @Mutation(() => DomainRegistration)
  async registerDomain(
    @Arg('input', () => DomainRegistrationInput) input: DomainRegistrationInput,
    @Ctx() ctx: AppContext,
  ): Promise<DomainRegistration> {
    return toDomainRegistration(await new DomainService(ctx).register(input));
  }
}

@Resolver(() => Subscriber)
export class SubscriberDomainsResolver {
  @FieldResolver(() => [DomainRegistration], { nullable: true })
  @Category(DataCategory.MARKETING)
  async domains(@Root() subscriber: Subscriber, @Ctx() ctx: AppContext): Promise<DomainRegistration[]> {
    const rows = await domainsBySubscriber(ctx).load(subscriber.id);
    return rows.map(toDomainRegistration);
  }
}
