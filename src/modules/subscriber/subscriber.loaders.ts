import DataLoader from 'dataloader';
import { In } from 'typeorm';
import type { AppContext } from '../../context';
import { withReader } from '../../database/read-routing';
import { byKeys } from '../../common/loader-registry';
import { SubscriberEntity } from './subscriber.entity';
import { Subscriber } from './subscriber.type';
import { subscriberDto } from './subscriber.service';

/** Subscribers by id, one query per batch (ticket → subscriber, exception → subscriber). */
export function subscriberById(ctx: AppContext): DataLoader<string, Subscriber | null> {
  return ctx.loaders.get(
    'subscriber.byId',
    () =>
      new DataLoader(async (ids: readonly string[]) => {
        const rows = await withReader(ctx, (manager) =>
          manager.getRepository(SubscriberEntity).findBy({ id: In([...ids]) }),
        );
        return byKeys(
          ids,
          rows,
          (row) => row.id,
          (found) => (found[0] ? subscriberDto(found[0]) : null),
        );
      }),
  );
}
