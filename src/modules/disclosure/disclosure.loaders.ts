import DataLoader from 'dataloader';

import type { AppContext } from '../../context';
import { rowsBySubscriber } from '../../database/rows-by-subscriber';
import { DisclosureExceptionEntity } from './disclosure.entity';

/** A subscriber's disclosure exceptions, newest first, one statement per page of subscribers. */
export function exceptionsBySubscriber(ctx: AppContext): DataLoader<string, DisclosureExceptionEntity[]> {
  return rowsBySubscriber(ctx, 'disclosure.bySubscriber', DisclosureExceptionEntity, 'DESC');
}
