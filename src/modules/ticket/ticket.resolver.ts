import { Arg, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root, Args } from 'type-graphql';
import type { AppContext } from '../../context';
import { Category, DataCategory } from '../../access/categories';
import { NotFoundError } from '../../common/errors';
import { pageArgs, PageArguments } from '../../paging/pagination';
import { Subscriber } from '../subscriber/subscriber.type';
import { subscriberById } from '../subscriber/subscriber.loaders';
import { TicketChannel, TicketStatus } from './ticket.entity';
import { OpenTicketInput } from './ticket.inputs';
import { SupportTicket, SupportTicketConnection, TicketMessage } from './ticket.type';
import { TicketService } from './ticket.service';
import { messagesByTicket, ticketPages, TICKET_ORDER } from './ticket.loaders';

@Resolver(() => SupportTicket)
export class TicketResolver {
  @Query(() => SupportTicket, { nullable: true })
  supportTicket(@Arg('id', () => ID) id: string, @Ctx() ctx: AppContext): Promise<SupportTicket> {
    return new TicketService(ctx).get(id);
  }

  @Query(() => SupportTicketConnection, { description: 'The support queue, newest first' })
  supportTickets(
    @Ctx() ctx: AppContext,
    @Args() { first, after }: PageArguments,
    @Arg('status', () => TicketStatus, { nullable: true }) status?: TicketStatus | null,
  ): Promise<SupportTicketConnection> {
    return new TicketService(ctx).list(first, after, status);
  }

  @FieldResolver(() => Subscriber)
  @Category(DataCategory.IDENTIFIER)
  async subscriber(@Root() ticket: SupportTicket, @Ctx() ctx: AppContext): Promise<Subscriber> {
    const subscriber = await subscriberById(ctx).load(ticket.subscriberId);
    if (!subscriber) throw new NotFoundError('Subscriber');
    return subscriber;
  }

  @FieldResolver(() => [TicketMessage], { description: 'Oldest first' })
  @Category(DataCategory.SUPPORT)
  messages(@Root() ticket: SupportTicket, @Ctx() ctx: AppContext): Promise<TicketMessage[]> {
    return messagesByTicket(ctx).load(ticket);
  }

  @Mutation(() => SupportTicket)
  openSupportTicket(@Arg('input', () => OpenTicketInput) input: OpenTicketInput, @Ctx() ctx: AppContext) {
    return new TicketService(ctx).open(input);
  }

  @Mutation(() => TicketMessage)
  addTicketMessage(
    @Arg('ticketId', () => ID) ticketId: string,
    @Arg('body') body: string,
    @Arg('channel', () => TicketChannel) channel: TicketChannel,
    @Ctx() ctx: AppContext,
  ) {
    return new TicketService(ctx).addMessage(ticketId, body, channel);
  }

  @Mutation(() => SupportTicket)
  setTicketStatus(
    @Arg('ticketId', () => ID) ticketId: string,
    @Arg('status', () => TicketStatus) status: TicketStatus,
    @Ctx() ctx: AppContext,
  ) {
    return new TicketService(ctx).setStatus(ticketId, status);
  }
}

@Resolver(() => Subscriber)
export class SubscriberTicketsResolver {
  @FieldResolver(() => SupportTicketConnection, { nullable: true, description: 'Newest first' })
  @Category(DataCategory.SUPPORT)
  supportTickets(
    @Root() subscriber: Subscriber,
    @Ctx() ctx: AppContext,
    @Args() { first, after }: PageArguments,
    @Arg('status', () => TicketStatus, { nullable: true }) status?: TicketStatus | null,
  ): Promise<SupportTicketConnection> {
    return ticketPages(ctx, pageArgs({ first, after }, TICKET_ORDER, ctx.pageLimit), status ?? null).load(
      subscriber.id,
    );
  }
}
