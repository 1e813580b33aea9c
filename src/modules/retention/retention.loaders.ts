import DataLoader from 'dataloader';

import type { AppContext } from '../../context';
import { rowsBySubscriber } from '../../database/rows-by-subscriber';

import { RetentionHoldEntity } from './retention-hold.entity';

/**
 * Every hold (active and released) of each subscriber, oldest first, in one statement per
 * batch: serves both `Subscriber.retentionHolds` and the hold-aware `deletionDueAt`.
 */
export function holdsBySubscriber(ctx: AppContext): DataLoader<string, RetentionHoldEntity[]> {
  return rowsBySubscriber(ctx, 'retention.holdsBySubscriber', RetentionHoldEntity, 'ASC');
}
