import DataLoader from 'dataloader';
import { primary } from '../../database/read-routing';
import { In } from 'typeorm';
import type { AppContext } from '../../context';
import { byKeys } from '../../common/loader-registry';
import { DomainRegistrationEntity } from './domain.entity';
import { DomainRegistration, toDomainRegistration } from './domain.type';

/** The domains of a batch of subscribers in one statement, oldest first. */
export function domainsBySubscriber(ctx: AppContext): DataLoader<string, DomainRegistration[]> {
  return ctx.loaders.get(
    'domain.bySubscriber',
    () =>
      new DataLoader(async (ids: readonly string[]) => {
        const rows = await primary(ctx)
          .getRepository(DomainRegistrationEntity)
          .find({ where: { subscriberId: In([...ids]) }, order: { id: 'ASC' } });
        return byKeys(
          ids,
          rows,
          (row) => String(row.subscriberId),
          (found) => found.map(toDomainRegistration),
        );
      }),
  );
}
