import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Ctx, ID, Info, Mutation, Query, Resolver, Args } from 'type-graphql';
import type { AppContext } from '../../context';
import { Subscriber, subscriberById, toSubscriber } from './subscriber.type';
import { SubscriberService } from './subscriber.service';
import { CreateSubscriberInput, SubscriberFilter } from './subscriber.inputs';
import { SubscriberConnection } from './subscriber.connection';
import { PageArguments } from '../../paging/pagination';
import { selectsField, toConnection } from '../../paging/connection';

/** Root fields of subscribers. Who may call them: access/operations.ts. */
@Resolver(() => Subscriber)
export class SubscriberResolver {
  /** The caller's own id is the scope: read through the request's loader (primed by the export). */
  @Query(() => Subscriber, { nullable: true, description: 'The calling customer’s own account' })
  me(@Ctx() ctx: AppContext): Promise<Subscriber | null> {
    return subscriberById(ctx).load(ctx.identity!.actorId);
  }

  @Query(() => Subscriber, { nullable: true })
  async subscriber(@Arg('id', () => ID) id: string, @Ctx() ctx: AppContext): Promise<Subscriber> {
    return toSubscriber(await new SubscriberService(ctx).getVisible(id));
  }

  @Query(() => SubscriberConnection)
  async subscribers(
    @Ctx() ctx: AppContext,
    @Args() { first, after }: PageArguments,
    @Arg('filter', () => SubscriberFilter, { nullable: true }) filter: SubscriberFilter | null | undefined,
    @Info() info: GraphQLResolveInfo,
  ): Promise<SubscriberConnection> {
    const withCount = selectsField(info, 'totalCount');
    return toConnection(
      SubscriberConnection,
      await new SubscriberService(ctx).list(first, after, filter, { withCount }),
      toSubscriber,
    );
  }

  @Mutation(() => Subscriber)
  async createSubscriber(
    @Arg('input', () => CreateSubscriberInput) input: CreateSubscriberInput,
    @Ctx() ctx: AppContext,
  ): Promise<Subscriber> {
    return toSubscriber(await new SubscriberService(ctx).create(input));
  }
}
