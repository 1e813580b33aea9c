import DataLoader from 'dataloader';
import { primary } from '../../database/read-routing';
import { FindOptionsSelect, In } from 'typeorm';
import type { AppContext } from '../../context';
import { byKeys } from '../../common/loader-registry';
import { BillingProfileEntity, BillingProfileRow } from './billing-profile.entity';

/** What a billing profile serves: never the ciphertext or its key id. */
const SERVED_COLUMNS: FindOptionsSelect<BillingProfileEntity> = {
  subscriberId: true,
  cardBrand: true,
  cardLast4: true,
  cardExpiry: true,
  address: { line1: true, line2: true, city: true, region: true, postalCode: true, country: true },
};

/** Billing profiles by subscriber, one statement for a whole page of subscribers. */
export function billingProfileBySubscriber(ctx: AppContext): DataLoader<string, BillingProfileRow | null> {
  return ctx.loaders.get(
    'billing.profileBySubscriber',
    () =>
      new DataLoader(async (ids: readonly string[]) => {
        const rows = await primary(ctx)
          .getRepository(BillingProfileEntity)
          .find({ select: SERVED_COLUMNS, where: { subscriberId: In([...ids]) } });
        return byKeys(
          ids,
          rows,
          (row) => String(row.subscriberId),
          (found) => found[0] ?? null,
        );
      }),
  );
}
