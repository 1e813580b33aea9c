import type { EntityManager } from 'typeorm';
import type { AppContext } from '../../context';
import { clock } from '../../common/clock';
import { ConflictError, NotFoundError, Reason } from '../../common/errors';
import { id as idSchema, parseInput } from '../../common/validation';
import { pageArgs, pageByIdDesc } from '../../paging/pagination';
import { RowPage } from '../../paging/page';
import { inTransaction } from '../../context/transaction';
import { primary, withReader } from '../../database/read-routing';
import { ownSubscriberScope } from '../../access/scope';
import {
  PostedMessage,
  SupportTicketEntity,
  TicketChannel,
  TicketMessageEntity,
  TicketStatus,
} from './ticket.entity';
import { messageSchema, OpenTicketInput, openTicketSchema } from './ticket.inputs';
import { guardedAccount } from '../subscriber/account-lock';
import { TICKET_ORDER } from './ticket.loaders';
import { ROLE_TRAITS } from '../../access/policy-table';

export class TicketService {
  constructor(private readonly ctx: AppContext) {}

  private get identity() {
    return this.ctx.identity!;
  }

  /** A ticket query limited in SQL to the tickets the caller may reach. */
  private scoped(manager: EntityManager = primary(this.ctx)) {
    const query = manager.getRepository(SupportTicketEntity).createQueryBuilder('t');
    const scope = ownSubscriberScope(this.identity);
    if (scope !== null) query.andWhere('t.subscriber_id = :scope', { scope });
    return query;
  }

  async get(id: string): Promise<SupportTicketEntity> {
    const ticketId = parseInput(idSchema, id, 'id');
    const entity = await withReader(this.ctx, (manager) =>
      this.scoped(manager).andWhere('t.id = :ticketId', { ticketId }).getOne(),
    );
    if (!entity) throw new NotFoundError('Support ticket');
    return entity;
  }

  /** The support queue: newest first, keyset-paged on id, optionally one status. */
  async list(
    first: number | null | undefined,
    after: string | null | undefined,
    status: TicketStatus | null | undefined,
  ): Promise<RowPage<SupportTicketEntity>> {
    const page = pageArgs({ first, after }, TICKET_ORDER);
    // Index (status, id) with a status, the primary key without; reads on a replica in a query.
    const base = (manager: EntityManager) => {
      const query = this.scoped(manager);
      if (status) query.andWhere('t.status = :status', { status });
      return query;
    };
    const { rows, count } = await pageByIdDesc((work) => withReader(this.ctx, work), 't', base, page);
    return new RowPage(rows, page, (row) => [row.id], count);
  }

  async open(input: OpenTicketInput): Promise<SupportTicketEntity> {
    const values = parseInput(openTicketSchema, input);
    // The guard resolved the target (a customer's own account, or the one staff named) and locked it.
    const subscriberId = guardedAccount(this.ctx).id;
    return inTransaction(this.ctx, async (manager) => {
      const now = clock.now();
      const saved = await manager.save(
        manager.create(SupportTicketEntity, {
          subscriberId,
          subject: values.subject,
          status: TicketStatus.OPEN,
          openedBy: this.identity.actorId,
          createdAt: now,
          updatedAt: now,
        }),
      );
      await this.insertMessage(manager, saved.id, values.body, values.channel, now);
      return saved;
    });
  }

  async addMessage(ticketId: string, body: string, channel: TicketChannel): Promise<PostedMessage> {
    const values = parseInput(messageSchema, { ticketId, body, channel }, '');
    return inTransaction(this.ctx, async (manager) => {
      const ticket = await this.scoped(manager)
        .andWhere('t.id = :id', { id: values.ticketId })
        .setLock('pessimistic_write')
        .getOne();
      if (!ticket) throw new NotFoundError('Support ticket');
      if (ticket.status === TicketStatus.CLOSED) {
        throw new ConflictError(Reason.TICKET_CLOSED, 'ticketId: the ticket is closed; open a new one');
      }
      const now = clock.now();
      // A customer's reply puts a resolved or waiting ticket back in the queue.
      const status = ROLE_TRAITS[this.identity.role].selfScoped ? TicketStatus.OPEN : ticket.status;
      await manager.update(SupportTicketEntity, { id: ticket.id }, { updatedAt: now, status });
      const message = await this.insertMessage(manager, ticket.id, values.body, values.channel, now);
      return { message, subscriberId: ticket.subscriberId };
    });
  }

  async setStatus(ticketId: string, status: TicketStatus): Promise<SupportTicketEntity> {
    const id = parseInput(idSchema, ticketId, 'ticketId');
    return inTransaction(this.ctx, async (manager) => {
      const ticket = await this.scoped(manager)
        .andWhere('t.id = :id', { id })
        .setLock('pessimistic_write')
        .getOne();
      if (!ticket) throw new NotFoundError('Support ticket');
      ticket.status = status;
      ticket.updatedAt = clock.now();
      await manager.update(SupportTicketEntity, { id }, { status, updatedAt: ticket.updatedAt });
      return ticket;
    });
  }

  private insertMessage(
    manager: EntityManager,
    ticketId: string,
    body: string,
    channel: TicketChannel,
    at: Date,
  ) {
    return manager.save(
      manager.create(TicketMessageEntity, {
        ticketId,
        authorId: this.identity.actorId,
        authorRole: this.identity.role,
        body,
        channel,
        createdAt: at,
      }),
    );
  }
}
