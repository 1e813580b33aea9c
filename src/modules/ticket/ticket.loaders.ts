import DataLoader from 'dataloader';
import { In } from 'typeorm';
import type { AppContext } from '../../context';
import { reader, withReader } from '../../database/read-routing';
import { byKeys } from '../../common/loader-registry';
import { PageArgs, cursorOrder } from '../../paging/pagination';
import { RowPage } from '../../paging/page';
import { countRelation, cursorOf, Filter, loadRelationPages, RelationSpec } from '../../paging/relation-page';
import { SupportTicketRow, TicketMessageEntity, TicketStatus } from './ticket.entity';

export const TICKET_SPEC: RelationSpec<SupportTicketRow> = {
  table: 'support_tickets',
  columns: {
    id: 'id',
    subscriberId: 'subscriber_id',
    subject: 'subject',
    status: 'status',
    createdAt: 'created_at',
    updatedAt: 'updated_at',
  },
  owner: 'subscriberId',
  order: [{ field: 'id', kind: 'id' }],
  // (subscriber, id): a page of all statuses reads its rows in order, never sorts a history.
  index: 'idx_tickets_subscriber',
  // A handful per subscriber: one owner scan costs less than a branch per subscriber.
  fewPerOwner: true,
};

/** Tickets of one status, read in order along (status, subscriber, id). */
export function ticketStatusFilter(status: TicketStatus): Filter {
  return { sql: 'status = ?', params: [status], index: 'idx_tickets_status_subscriber' };
}

/** The keyset order of this list's cursors (newest first, id last). */
export const TICKET_ORDER = cursorOrder('supportTickets', TICKET_SPEC.order.length);

/** A page of ticket rows per subscriber (newest first), optionally of one status. */
export function ticketPages(
  ctx: AppContext,
  page: PageArgs,
  status: TicketStatus | null,
): DataLoader<string, RowPage<SupportTicketRow>> {
  const filters: Filter[] = status ? [ticketStatusFilter(status)] : [];
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
            new RowPage(
              rows,
              page,
              (row) => cursorOf(TICKET_SPEC.order, row),
              () => counts.load(ids[i]),
            ),
        );
      }),
  );
}

/** All messages of each ticket (by ticket id), oldest first, one query per batch of tickets. */
export function messagesByTicket(ctx: AppContext): DataLoader<string, TicketMessageEntity[]> {
  return ctx.loaders.get(
    'tickets.messages',
    () =>
      new DataLoader(async (ticketIds: readonly string[]) => {
        const rows = await withReader(ctx, (manager) =>
          manager.getRepository(TicketMessageEntity).find({
            where: { ticketId: In([...ticketIds]) },
            order: { ticketId: 'ASC', id: 'ASC' },
          }),
        );
        return byKeys(
          ticketIds,
          rows,
          (row) => String(row.ticketId),
          (found) => found,
        );
      }),
  );
}
