import DataLoader from 'dataloader';
import type { AppContext } from '../../context';
import { reader } from '../../database/read-routing';
import { PageArgs, toPage, cursorOrder } from '../../paging/pagination';
import { countRelation, cursorOf, loadRelationPages, RelationSpec } from '../../paging/relation-page';
import { PaymentConnection, toPayment } from './payment.type';

const SPEC: RelationSpec = {
  table: 'payments',
  ownerColumn: 'subscriber_id',
  select: [
    'id',
    'subscriber_id',
    'amount_cents',
    'currency',
    'status',
    'paid_at',
    'card_last4',
    'invoice_number',
  ],
  order: [
    { column: 'paid_at', kind: 'date' },
    { column: 'id', kind: 'id' },
  ],
  index: 'idx_payments_subscriber_paid',
};

/** The keyset order of this list's cursors (newest first, id last). */
export const PAYMENT_ORDER = cursorOrder('payments', SPEC.order.length);

/** A page of payments per subscriber, newest first, batched across the subscribers of a page. */
export function paymentPages(ctx: AppContext, page: PageArgs) {
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
            new PaymentConnection(
              toPage(rows, page, (row) => cursorOf(SPEC.order, row), toPayment),
              () => counts.load(ids[i]),
            ),
        );
      }),
  );
}
