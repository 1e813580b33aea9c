import DataLoader from 'dataloader';
import type { AppContext } from '../../context';
import { reader } from '../../database/read-routing';
import { PageArgs, cursorOrder } from '../../paging/pagination';
import { RowPage } from '../../paging/page';
import { countRelation, cursorOf, loadRelationPages, RelationSpec } from '../../paging/relation-page';
import { PaymentRow } from './payment.entity';

const SPEC: RelationSpec<PaymentRow> = {
  table: 'payments',
  columns: {
    id: 'id',
    subscriberId: 'subscriber_id',
    amountCents: 'amount_cents',
    currency: 'currency',
    status: 'status',
    paidAt: 'paid_at',
    cardLast4: 'card_last4',
    invoiceNumber: 'invoice_number',
  },
  owner: 'subscriberId',
  order: [
    { field: 'paidAt', kind: 'date' },
    { field: 'id', kind: 'id' },
  ],
  index: 'idx_payments_subscriber_paid',
  // A handful per subscriber: one owner scan costs less than a branch per subscriber.
  fewPerOwner: true,
};

/** The keyset order of this list's cursors (newest first, id last). */
export const PAYMENT_ORDER = cursorOrder('payments', SPEC.order.length);

/** A page of payment rows per subscriber, newest first, batched across the subscribers of a page. */
export function paymentPages(ctx: AppContext, page: PageArgs): DataLoader<string, RowPage<PaymentRow>> {
  const counts = ctx.loaders.get(
    'payments.count',
    () => new DataLoader((ids: readonly string[]) => countRelation(reader(ctx), SPEC, ids)),
  );
  return ctx.loaders.get(
    `payments.page:${page.first}:${JSON.stringify(page.after)}`,
    () =>
      new DataLoader(async (ids: readonly string[]) => {
        const pages = await loadRelationPages(reader(ctx), SPEC, ids, page);
        return pages.map(
          (rows, i) =>
            new RowPage(
              rows,
              page,
              (row) => cursorOf(SPEC.order, row),
              () => counts.load(ids[i]),
            ),
        );
      }),
  );
}
