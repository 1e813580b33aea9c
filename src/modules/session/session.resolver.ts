import { Arg, Ctx, FieldResolver, Mutation, Resolver, Root, Args } from 'type-graphql';
import type { AppContext } from '../../context';
import { Category, DataCategory } from '../../access/categories';
import { pageArgs, PageArguments } from '../../paging/pagination';
import { toConnection } from '../../paging/connection';
import { BadInputError } from '../../common/errors';
import { Subscriber } from '../subscriber/subscriber.type';
import { Session, SessionConnection, toSession } from './session.type';
import { SessionInput } from './session.inputs';
import { SessionService } from './session.service';
import { sessionPages, SESSION_ORDER } from './session.loaders';

@Resolver(() => Subscriber)
export class SubscriberSessionsResolver {
  @FieldResolver(() => SessionConnection, { nullable: true, description: 'Newest first' })
  @Category(DataCategory.USAGE)
  async sessions(
    @Root() subscriber: Subscriber,
    @Ctx() ctx: AppContext,
    @Args() { first, after }: PageArguments,
    @Arg('from', () => Date, { nullable: true }) from?: Date | null,
    @Arg('to', () => Date, { nullable: true }) to?: Date | null,
  ): Promise<SessionConnection> {
    if (from && to && from.getTime() > to.getTime()) throw new BadInputError('from', 'must not be after to');
    const page = await sessionPages(ctx, pageArgs({ first, after }, SESSION_ORDER, ctx.pageLimit), {
      from: from ?? null,
      to: to ?? null,
    }).load(subscriber.id);
    return toConnection(SessionConnection, page, toSession);
  }
}

@Resolver(() => Session)
export class SessionResolver {
  @Mutation(() => Session, { description: 'Ingest one session from the network accounting feed' })
  async recordSession(
    @Arg('input', () => SessionInput) input: SessionInput,
    @Ctx() ctx: AppContext,
  ): Promise<Session> {
    return toSession(await new SessionService(ctx).record(input));
  }
}
