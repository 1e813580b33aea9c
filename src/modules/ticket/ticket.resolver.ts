import { Arg, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root, Args } from 'type-graphql';
import type { AppContext } from '../../context';
import { Category, DataCategory } from '../../access/categories';
import { NotFoundError } from '../../common/errors';
import { pageArgs, PageArguments } from '../../paging/pagination';
import { toConnection } from '../../paging/connection';
import { Subscriber, subscriberById } from '../subscriber/subscriber.type';
import { TicketChannel, TicketStatus } from './ticket.entity';
import { OpenTicketInput } from './ticket.inputs';
import {
  SupportTicket,
  SupportTicketConnection,
  TicketMessage,
  toTicket,
  toTicketMessage,
} from './ticket.type';
import { TicketService } from './ticket.service';
import { messagesByTicket, ticketPages, TICKET_ORDER } from './ticket.loaders';

@Resolver(() => SupportTicket)
export class TicketResolver {
  @Query(() => SupportTicket, { nullable: true })
  async supportTicket(@Arg('id', () => ID) id: string, @Ctx() ctx: AppContext): Promise<SupportTicket> {
    return toTicket(await new TicketService(ctx).get(id));
  }

  @Query(() => SupportTicketConnection, { description: 'The support queue, newest first' })
  async supportTickets(
    @Ctx() ctx: AppContext,
    @Args() { first, after }: PageArguments,
    @Arg('status', () => TicketStatus, { nullable: true }) status?: TicketStatus | null,
  ): Promise<SupportTicketConnection> {
    return toConnection(
      SupportTicketConnection,
      await new TicketService(ctx).list(first, after, status),
      toTicket,
    );
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
  async messages(@Root() ticket: SupportTicket, @Ctx() ctx: AppContext): Promise<TicketMessage[]> {
    const rows = await messagesByTicket(ctx).load(ticket.id);
    return rows.map((row) => toTicketMessage(row, ticket.subscriberId));
  }

  @Mutation(() => SupportTicket)
  async openSupportTicket(
    @Arg('input', () => OpenTicketInput) input: OpenTicketInput,
    @Ctx() ctx: AppContext,
  ): Promise<SupportTicket> {
    return toTicket(await new TicketService(ctx).open(input));
  }

  @Mutation(() => TicketMessage)
  async addTicketMessage(
    @Arg('ticketId', () => ID) ticketId: string,
    @Arg('body') body: string,
    @Arg('channel', () => TicketChannel) channel: TicketChannel,
    @Ctx() ctx: AppContext,
  ): Promise<TicketMessage> {
    const { message, subscriberId } = await new TicketService(ctx).addMessage(ticketId, body, channel);
    return toTicketMessage(message, subscriberId);
  }

  @Mutation(() => SupportTicket)
  async setTicketStatus(
    @Arg('ticketId', () => ID) ticketId: string,
    @Arg('status', () => TicketStatus) status: TicketStatus,
    @Ctx() ctx: AppContext,
  ): Promise<SupportTicket> {
    return toTicket(await new TicketService(ctx).setStatus(ticketId, status));
  }
}

@Resolver(() => Subscriber)
export class SubscriberTicketsResolver {
  @FieldResolver(() => SupportTicketConnection, { nullable: true, description: 'Newest first' })
  @Category(DataCategory.SUPPORT)
  async supportTickets(
    @Root() subscriber: Subscriber,
    @Ctx() ctx: AppContext,
    @Args() { first, after }: PageArguments,
    @Arg('status', () => TicketStatus, { nullable: true }) status?: TicketStatus | null,
  ): Promise<SupportTicketConnection> {
    const page = await ticketPages(
      ctx,
      pageArgs({ first, after }, TICKET_ORDER, ctx.pageLimit),
      status ?? null,
    ).load(subscriber.id);
    return toConnection(SupportTicketConnection, page, toTicket);
  }
}
