import { Arg, Ctx, FieldResolver, Int, Mutation, Resolver, Root } from 'type-graphql';
import type { AppContext } from '../../context';
import { Category, DataCategory } from '../../access/categories';
import { pageArgs } from '../../paging/pagination';
import { BadInputError } from '../../common/errors';
import { Subscriber } from '../subscriber/subscriber.type';
import { Session, SessionConnection } from './session.type';
import { SessionInput } from './session.inputs';
import { SessionService } from './session.service';
import { sessionPages } from './session.loaders';

@Resolver(() => Subscriber)
export class SubscriberSessionsResolver {
  @FieldResolver(() => SessionConnection, { nullable: true, description: 'Newest first' })
  @Category(DataCategory.USAGE)
  sessions(
    @Root() subscriber: Subscriber,
    @Ctx() ctx: AppContext,
    @Arg('first', () => Int, { nullable: true, defaultValue: 20 }) first: number,
    @Arg('after', () => String, { nullable: true }) after?: string | null,
    @Arg('from', () => Date, { nullable: true }) from?: Date | null,
    @Arg('to', () => Date, { nullable: true }) to?: Date | null,
  ): Promise<SessionConnection> {
    if (from && to && from.getTime() > to.getTime()) throw new BadInputError('from', 'must not be after to');
    return sessionPages(ctx, pageArgs(first, after, 2, ctx.pageLimit), {
      from: from ?? null,
      to: to ?? null,
    }).load(subscriber.id);
  }
}

@Resolver(() => Session)
export class SessionResolver {
  @Mutation(() => Session, { description: 'Ingest one session from the network accounting feed' })
  recordSession(
    @Arg('input', () => SessionInput) input: SessionInput,
    @Ctx() ctx: AppContext,
  ): Promise<Session> {
    return new SessionService(ctx).record(input);
  }
}
