import DataLoader from 'dataloader';

import type { AppContext } from '../../context';
import { rowsBySubscriber } from '../../database/rows-by-subscriber';

import { DomainRegistrationEntity } from './domain.entity';

/** The domains of a batch of subscribers in one statement, oldest first. */
export function domainsBySubscriber(ctx: AppContext): DataLoader<string, DomainRegistrationEntity[]> {
  return rowsBySubscriber(ctx, 'domain.bySubscriber', DomainRegistrationEntity, 'ASC');
}
