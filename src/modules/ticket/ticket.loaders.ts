import DataLoader from 'dataloader';
import { In } from 'typeorm';
import type { AppContext } from '../../context';
import { reader, withReader } from '../../database/read-routing';
import { byKeys } from '../../common/loader-registry';
import { PageArgs, toPage, cursorOrder } from '../../paging/pagination';
import { countRelation, cursorOf, Filter, loadRelationPages, RelationSpec } from '../../paging/relation-page';
import { TicketMessageEntity, TicketStatus } from './ticket.entity';
import {
  SupportTicket,
  SupportTicketConnection,
  TicketMessage,
  toTicket,
  toTicketMessage,
} from './ticket.type';

export const TICKET_SPEC: RelationSpec = {
  table: 'support_tickets',
  ownerColumn: 'subscriber_id',
  select: ['id', 'subscriber_id', 'subject', 'status', 'created_at', 'updated_at'],
  order: [{ column: 'id', kind: 'id' }],
};

/** The keyset order of this list's cursors (newest first, id last). */
export const TICKET_ORDER = cursorOrder('supportTickets', TICKET_SPEC.order.length);

/** A page of tickets per subscriber (newest first), optionally of one status. */
export function ticketPages(ctx: AppContext, page: PageArgs, status: TicketStatus | null) {
  const filters: Filter[] = status ? [{ sql: 'status = ?', params: [status] }] : [];
  const counts = ctx.loaders.get(
    `tickets.count:${status}`,
    () => new DataLoader((ids: readonly string[]) => countRelation(reader(ctx), TICKET_SPEC, ids, filters)),
  );
  return ctx.loaders.get(
    `tickets.page:${page.first}:${JSON.stringify(page.after)}:${status}`,
    () =>
      new DataLoader(async (ids: readonly string[]) => {
        const pages = await loadRelationPages(reader(ctx), TICKET_SPEC, ids, page, filters);
        return pages.map(
          (rows, i) =>
            new SupportTicketConnection(
              toPage(rows, page, (row) => cursorOf(TICKET_SPEC.order, row), toTicket),
              () => counts.load(ids[i]),
            ),
        );
      }),
  );
}

/** All messages of each ticket, oldest first, one query per batch of tickets. */
export function messagesByTicket(ctx: AppContext) {
  return ctx.loaders.get(
    'tickets.messages',
    () =>
      new DataLoader(
        async (tickets: readonly SupportTicket[]) => {
          const rows = await withReader(ctx, (manager) =>
            manager.getRepository(TicketMessageEntity).find({
              where: { ticketId: In(tickets.map((t) => t.id)) },
              order: { ticketId: 'ASC', id: 'ASC' },
            }),
          );
          return byKeys(
            tickets.map((t) => t.id),
            rows,
            (row) => String(row.ticketId),
            (found): TicketMessage[] => {
              const owner = tickets.find((t) => t.id === String(found[0]?.ticketId))?.subscriberId ?? '';
              return found.map((row) => toTicketMessage(row, owner));
            },
          );
        },
        { cacheKeyFn: (ticket) => ticket.id },
      ),
  );
}
