import DataLoader from 'dataloader';
import { primary } from '../../database/read-routing';
import { idTable, idTableParam } from '../../database/id-table';
import { selectColumns, toEntities } from '../../database/entity-rows';
import type { AppContext } from '../../context';
import { byKeys } from '../../common/loader-registry';
import { BillingProfileEntity, BillingProfileRow } from './billing-profile.entity';

/** What a billing profile serves: never the ciphertext or its key id. */
const SERVED: (keyof BillingProfileRow)[] = [
  'subscriberId',
  'cardBrand',
  'cardLast4',
  'cardExpiry',
  'address',
];

/**
 * Billing profiles by subscriber, one statement for a whole page of subscribers, in plain
 * SQL (database/entity-rows.ts): the audited billing page reads 50 of them on every request.
 */
export function billingProfileBySubscriber(ctx: AppContext): DataLoader<string, BillingProfileRow | null> {
  return ctx.loaders.get(
    'billing.profileBySubscriber',
    () =>
      new DataLoader(async (ids: readonly string[]) => {
        const raw: Record<string, unknown>[] = await primary(ctx).query(
          `SELECT ${selectColumns(ctx.db, BillingProfileEntity, SERVED, 'b')}
             FROM ${idTable('j')} JOIN billing_profiles b ON b.subscriber_id = j.id`,
          [idTableParam(ids)],
        );
        const rows = toEntities(ctx.db, BillingProfileEntity, raw, SERVED);
        return byKeys(
          ids,
          rows,
          (row) => String(row.subscriberId),
          (found) => found[0] ?? null,
        );
      }),
  );
}
