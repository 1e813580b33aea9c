import DataLoader from 'dataloader';
import { primary } from '../../database/read-routing';
import { In } from 'typeorm';
import type { AppContext } from '../../context';
import { byKeys } from '../../common/loader-registry';
import { RetentionHoldEntity } from './retention-hold.entity';
import { RetentionHold, toRetentionHold } from './retention-hold.type';

/**
 * Every hold (active and released) of each subscriber, oldest first, in one statement per
 * batch: serves both `Subscriber.retentionHolds` and the hold-aware `deletionDueAt`.
 */
export function holdsBySubscriber(ctx: AppContext): DataLoader<string, RetentionHold[]> {
  return ctx.loaders.get(
    'retention.holdsBySubscriber',
    () =>
      new DataLoader(async (ids: readonly string[]) => {
        const rows = await primary(ctx)
          .getRepository(RetentionHoldEntity)
          .find({ where: { subscriberId: In([...ids]) }, order: { id: 'ASC' } });
        return byKeys(
          ids,
          rows,
          (row) => String(row.subscriberId),
          (found) => found.map(toRetentionHold),
        );
      }),
  );
}
