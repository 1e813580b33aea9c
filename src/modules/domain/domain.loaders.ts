import DataLoader from 'dataloader';

import type { AppContext } from '../../context';
import { rowsBySubscriber } from '../../database/rows-by-subscriber';

import { DomainRegistrationEntity } from './domain.entity';
import { DomainRegistration, toDomainRegistration } from './domain.type';

/** The domains of a batch of subscribers in one statement, oldest first. */
export function domainsBySubscriber(ctx: AppContext): DataLoader<string, DomainRegistration[]> {
  return rowsBySubscriber(ctx, 'domain.bySubscriber', DomainRegistrationEntity, 'ASC', toDomainRegistration);
}
