import { Arg, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { AppContext } from '../../context';
import { Category, DataCategory } from '../../access/categories';
import { DisclosureStatus } from '../../access/disclosure';
import { clock } from '../../common/clock';
import { NotFoundError } from '../../common/errors';
import { Subscriber, subscriberById } from '../subscriber/subscriber.type';
import { DisclosureException, toDisclosureException } from './disclosure.type';
import { DisclosureExceptionEntity } from './disclosure.entity';
import { DisclosureExceptionInput } from './disclosure.inputs';
import { DisclosureService } from './disclosure.service';
import { exceptionsBySubscriber } from './disclosure.loaders';

/** A changed exception as it reads once the change is done (EXPIRED computed now). */
async function asOfNow(change: Promise<DisclosureExceptionEntity>): Promise<DisclosureException> {
  const row = await change;
  return toDisclosureException(row, clock.now());
}

@Resolver(() => DisclosureException)
export class DisclosureExceptionResolver {
  @Query(() => [DisclosureException], { description: 'Newest first; EXPIRED is computed from validUntil' })
  async disclosureExceptions(
    @Ctx() ctx: AppContext,
    @Arg('subscriberId', () => ID, { nullable: true }) subscriberId?: string | null,
    @Arg('status', () => DisclosureStatus, { nullable: true }) status?: DisclosureStatus | null,
  ): Promise<DisclosureException[]> {
    // One instant for the status filter and the statuses the rows show.
    const now = clock.now();
    const rows = await new DisclosureService(ctx).list(now, subscriberId, status);
    return rows.map((row) => toDisclosureException(row, now));
  }

  @FieldResolver(() => Subscriber)
  @Category(DataCategory.IDENTIFIER)
  async subscriber(@Root() exception: DisclosureException, @Ctx() ctx: AppContext): Promise<Subscriber> {
    const subscriber = await subscriberById(ctx).load(exception.subscriberId);
    if (!subscriber) throw new NotFoundError('Subscriber');
    return subscriber;
  }

  @Mutation(() => DisclosureException, {
    description: 'LEGAL_PROCESS and PROTECT_RIGHTS start PENDING; EMERGENCY is ACTIVE at once',
  })
  requestDisclosureException(
    @Arg('input', () => DisclosureExceptionInput) input: DisclosureExceptionInput,
    @Ctx() ctx: AppContext,
  ): Promise<DisclosureException> {
    return asOfNow(new DisclosureService(ctx).request(input));
  }

  @Mutation(() => DisclosureException, { description: 'Four eyes: not the requester' })
  approveDisclosureException(@Arg('id', () => ID) id: string, @Ctx() ctx: AppContext) {
    return asOfNow(new DisclosureService(ctx).approve(id));
  }

  @Mutation(() => DisclosureException, { description: 'Four eyes: not the requester' })
  rejectDisclosureException(
    @Arg('id', () => ID) id: string,
    @Arg('note') note: string,
    @Ctx() ctx: AppContext,
  ): Promise<DisclosureException> {
    return asOfNow(new DisclosureService(ctx).reject(id, note));
  }

  @Mutation(() => DisclosureException)
  revokeDisclosureException(@Arg('id', () => ID) id: string, @Ctx() ctx: AppContext) {
    return asOfNow(new DisclosureService(ctx).revoke(id));
  }
}

@Resolver(() => Subscriber)
export class SubscriberExceptionsResolver {
  @FieldResolver(() => [DisclosureException], { nullable: true })
  @Category(DataCategory.COMPLIANCE)
  async disclosureExceptions(
    @Root() subscriber: Subscriber,
    @Ctx() ctx: AppContext,
  ): Promise<DisclosureException[]> {
    const rows = await exceptionsBySubscriber(ctx).load(subscriber.id);
    const now = clock.now();
    return rows.map((row) => toDisclosureException(row, now));
  }
}
