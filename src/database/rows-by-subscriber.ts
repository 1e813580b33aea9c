import DataLoader from 'dataloader';
import { EntityTarget, FindOptionsOrder, FindOptionsWhere, In, ObjectLiteral } from 'typeorm';
import type { AppContext } from '../context';
import { byKeys } from '../common/loader-registry';
import { primary } from './read-routing';

/**
 * The rows of `entity` of each subscriber, ordered by id, as one statement per batch of
 * subscribers (docs/design.md section 7), read from the primary; one loader per request
 * under `key`.
 */
export function rowsBySubscriber<E extends ObjectLiteral & { subscriberId: string }>(
  ctx: AppContext,
  key: string,
  entity: EntityTarget<E>,
  order: 'ASC' | 'DESC',
): DataLoader<string, E[]> {
  return ctx.loaders.get(
    key,
    () =>
      new DataLoader(async (ids: readonly string[]) => {
        const rows = await primary(ctx)
          .getRepository(entity)
          .find({
            where: { subscriberId: In([...ids]) } as FindOptionsWhere<E>,
            order: { id: order } as unknown as FindOptionsOrder<E>,
          });
        return byKeys(
          ids,
          rows,
          (row) => String(row.subscriberId),
          (found) => found,
        );
      }),
  );
}
