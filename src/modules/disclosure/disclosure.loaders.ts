import DataLoader from 'dataloader';
import { primary } from '../../database/read-routing';

import type { AppContext } from '../../context';
import { rowsBySubscriber } from '../../database/rows-by-subscriber';
import { clock } from '../../common/clock';
import type { DataCategory } from '../../access/categories';
import type { ExceptionFact } from '../../access/decisions';
import { byKeys } from '../../common/loader-registry';
import { DisclosureExceptionEntity } from './disclosure.entity';
import { DisclosureException, toDisclosureException } from './disclosure.type';

/** A subscriber's disclosure exceptions, newest first, one statement per page of subscribers. */
export function exceptionsBySubscriber(ctx: AppContext): DataLoader<string, DisclosureException[]> {
  return rowsBySubscriber(ctx, 'disclosure.bySubscriber', DisclosureExceptionEntity, 'DESC', (row) =>
    toDisclosureException(row, clock.now()),
  );
}

/**
 * The ACTIVE exceptions of subscribers not yet expired, for the billing gate
 * (access/facts.ts): one statement per batch, always from the primary, so a replica lagging
 * behind a revoked or rejected exception cannot open the gate.
 */
export function activeExceptionFacts(ctx: AppContext, subscriberId: string): Promise<ExceptionFact[]> {
  const loader = ctx.loaders.get(
    'access.activeExceptions',
    () =>
      new DataLoader(async (ids: readonly string[]) => {
        const rows: Record<string, unknown>[] = await primary(ctx).query(
          `SELECT id, subscriber_id, basis, categories, status, requested_by, approved_by, valid_until
           FROM disclosure_exceptions
           WHERE subscriber_id IN (${ids.map(() => '?').join(', ')}) AND status = 'ACTIVE' AND valid_until > ?`,
          [...ids, clock.now()],
        );
        return byKeys(
          ids,
          rows,
          (row) => String(row.subscriber_id),
          (found) =>
            found.map((row): ExceptionFact => ({
              id: String(row.id),
              basis: row.basis as ExceptionFact['basis'],
              active: row.status === 'ACTIVE',
              categories: String(row.categories).split(',').filter(Boolean) as DataCategory[],
              requestedBy: String(row.requested_by),
              approvedBy: row.approved_by === null ? null : String(row.approved_by),
              validUntil: row.valid_until as Date,
            })),
        );
      }),
  );
  return loader.load(subscriberId);
}
