import DataLoader from 'dataloader';
import type { AppContext } from '../../context';
import { reader } from '../../database/read-routing';
import { PageArgs, cursorOrder } from '../../paging/pagination';
import { RowPage } from '../../paging/page';
import { countRelation, cursorOf, Filter, loadRelationPages, RelationSpec } from '../../paging/relation-page';
import { SessionEntity } from './session.entity';

export const SESSION_SPEC: RelationSpec<SessionEntity> = {
  table: 'sessions',
  columns: {
    id: 'id',
    subscriberId: 'subscriber_id',
    startedAt: 'started_at',
    endedAt: 'ended_at',
    ipAddress: 'ip_address',
  },
  owner: 'subscriberId',
  order: [
    { field: 'startedAt', kind: 'date' },
    { field: 'id', kind: 'id' },
  ],
  // sessions is partitioned by month: walk the unpartitioned copy of its subscriber index,
  // then read the page's rows by primary key (migrations/…-SessionsBySubscriber).
  keyIndex: { table: 'sessions_by_subscriber', key: ['id', 'started_at'] },
  // A first page of up to five from each subscriber's newest six (migrations/…-RecentSessions).
  newest: { table: 'sessions_recent', kept: 6 },
};

/** The keyset order of this list's cursors (newest first, id last). */
export const SESSION_ORDER = cursorOrder('sessions', SESSION_SPEC.order.length);

export interface SessionRange {
  from: Date | null;
  to: Date | null;
}

function rangeFilters(range: SessionRange): Filter[] {
  const filters: Filter[] = [];
  if (range.from) filters.push({ sql: 'started_at >= ?', params: [range.from] });
  if (range.to) filters.push({ sql: 'started_at < ?', params: [range.to] });
  return filters;
}

/** A page of session rows per subscriber; every subscriber asking the same page shares a batch. */
export function sessionPages(
  ctx: AppContext,
  page: PageArgs,
  range: SessionRange,
): DataLoader<string, RowPage<SessionEntity>> {
  const key = `sessions.page:${page.first}:${JSON.stringify(page.after)}:${range.from?.getTime()}:${range.to?.getTime()}`;
  const filters = rangeFilters(range);
  const counts = ctx.loaders.get(
    `sessions.count:${range.from?.getTime()}:${range.to?.getTime()}`,
    () => new DataLoader((ids: readonly string[]) => countRelation(reader(ctx), SESSION_SPEC, ids, filters)),
  );
  return ctx.loaders.get(
    key,
    () =>
      new DataLoader(async (ids: readonly string[]) => {
        const pages = await loadRelationPages(reader(ctx), SESSION_SPEC, ids, page, filters);
        return pages.map(
          (rows, i) =>
            new RowPage(
              rows,
              page,
              (row) => cursorOf(SESSION_SPEC.order, row),
              () => counts.load(ids[i]),
            ),
        );
      }),
  );
}
