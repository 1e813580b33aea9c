import DataLoader from 'dataloader';

import type { AppContext } from '../../context';
import { rowsBySubscriber } from '../../database/rows-by-subscriber';
import { clock } from '../../common/clock';
import { DisclosureExceptionEntity } from './disclosure.entity';
import { DisclosureException, toDisclosureException } from './disclosure.type';

/** A subscriber's disclosure exceptions, newest first, one statement per page of subscribers. */
export function exceptionsBySubscriber(ctx: AppContext): DataLoader<string, DisclosureException[]> {
  return rowsBySubscriber(ctx, 'disclosure.bySubscriber', DisclosureExceptionEntity, 'DESC', (row) =>
    toDisclosureException(row, clock.now()),
  );
}
