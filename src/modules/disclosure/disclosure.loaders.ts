import DataLoader from 'dataloader';
import { primary } from '../../database/read-routing';
import { In } from 'typeorm';
import type { AppContext } from '../../context';
import { clock } from '../../common/clock';
import { byKeys } from '../../common/loader-registry';
import { DisclosureExceptionEntity } from './disclosure.entity';
import { DisclosureException, toDisclosureException } from './disclosure.type';

/** A subscriber's disclosure exceptions, newest first, one statement per page of subscribers. */
export function exceptionsBySubscriber(ctx: AppContext): DataLoader<string, DisclosureException[]> {
  return ctx.loaders.get(
    'disclosure.bySubscriber',
    () =>
      new DataLoader(async (ids: readonly string[]) => {
        const now = clock.now();
        const rows = await primary(ctx)
          .getRepository(DisclosureExceptionEntity)
          .find({ where: { subscriberId: In([...ids]) }, order: { id: 'DESC' } });
        return byKeys(
          ids,
          rows,
          (row) => String(row.subscriberId),
          (found) => found.map((row) => toDisclosureException(row, now)),
        );
      }),
  );
}
