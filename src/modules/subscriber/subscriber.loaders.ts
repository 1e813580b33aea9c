import DataLoader from 'dataloader';
import { In } from 'typeorm';
import type { AppContext } from '../../context';
import { withReader } from '../../database/read-routing';
import { byKeys } from '../../common/loader-registry';
import { SubscriberEntity } from './subscriber.entity';

/** Subscriber rows by id, one query per batch (ticket → subscriber, exception → subscriber). */
export function subscriberRowById(ctx: AppContext): DataLoader<string, SubscriberEntity | null> {
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
          (found) => found[0] ?? null,
        );
      }),
  );
}

/**
 * docs/design.md section 2, "Actor ids": does a CUSTOMER token's subject exist? In a query
 * the answer comes from the request's subscriber loader, the same read that `me` and
 * `SupportTicket.subscriber` use, so the check costs no statement of its own there. A
 * mutation asks the primary with a primary-key look-up that primes nothing: the mutation
 * may change the subscriber, and its read-back must not see the row as it was before.
 * Subscriber rows are never deleted (a purge keeps the identifiers), so a replica can only
 * lag towards refusing, never towards admitting an id that does not exist.
 */
export async function subscriberExists(ctx: AppContext, subscriberId: string): Promise<boolean> {
  if (ctx.readOnly) return (await subscriberRowById(ctx).load(subscriberId)) !== null;
  const loader = ctx.loaders.get(
    'access.customerSubject',
    () =>
      new DataLoader(async (ids: readonly string[]) => {
        const rows: { id: string | number }[] = await ctx.db.query(
          `SELECT id FROM subscribers WHERE id IN (${ids.map(() => '?').join(', ')})`,
          [...ids],
        );
        const found = new Set(rows.map((row) => String(row.id)));
        return ids.map((id) => found.has(id));
      }),
  );
  return loader.load(subscriberId);
}
