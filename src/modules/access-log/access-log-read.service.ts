import { z } from 'zod';
import type { EntityManager, SelectQueryBuilder } from 'typeorm';
import type { AppContext } from '../../context';
import { id, parseInput } from '../../common/validation';
import { pageArgs, pageByIdDesc, cursorOrder, PageArgs } from '../../paging/pagination';
import { RowPage } from '../../paging/page';
import { AccessBasis } from '../../access/basis';
import { DataCategory } from '../../access/categories';
import { AccessLogEntity } from '../../access-log/access-log.entity';
import { ChainVerification, verifyAccessLog } from '../../access-log/access-log.service';
import { AccessLogAnchor, parseAnchor } from '../../access-log/access-log-anchor';
import { BadInputError } from '../../common/errors';

/** The keyset order of this list's cursors (newest first, id last). */
export const ACCESS_LOG_ORDER = cursorOrder('accessLog', 1);

const filterSchema = z.object({
  subscriberId: id.nullish(),
  // Byte for byte, like the column (docs/design.md section 2, "Actor ids"): not trimmed, so
  // entries written under an id with stray white space can still be found exactly.
  actorId: z.string().max(64, 'must be at most 64 characters').nullish(),
});

/** Reading the log (COMPLIANCE, ADMIN); docs/design.md section 3: reads of the log are logged too. */
export class AccessLogReadService {
  constructor(private readonly ctx: AppContext) {}

  /** Newest first, keyset-paged on id; filtered by subscriber and/or actor (both indexed). */
  async list(
    first: number | null | undefined,
    after: string | null | undefined,
    subscriberId?: string | null,
    actorId?: string | null,
  ): Promise<RowPage<AccessLogEntity>> {
    const page = pageArgs({ first, after }, ACCESS_LOG_ORDER);
    const filter = parseInput(filterSchema, { subscriberId, actorId }, '');
    const base = (manager: EntityManager) => {
      const query = manager.getRepository(AccessLogEntity).createQueryBuilder('l');
      if (filter.subscriberId)
        query.andWhere('l.subscriber_id = :subscriberId', { subscriberId: filter.subscriberId });
      if (filter.actorId) query.andWhere('l.actor_id = :actorId', { actorId: filter.actorId });
      return query;
    };
    // The log is read on the primary: a replica may not have the newest entries yet.
    const manager = this.ctx.db.manager;
    const { rows, count } =
      filter.actorId && !filter.subscriberId
        ? await actorPage(manager, filter.actorId, base, page)
        : await pageByIdDesc((work) => work(manager), 'l', base, page);
    this.noteRead(
      'accessLog',
      filter.subscriberId ?? null,
      filter.actorId ? [`actorId=${filter.actorId}`] : [],
    );
    return new RowPage(rows, page, (row) => [String(row.id)], count);
  }

  /** The whole chain, and with `anchorJson` (from `npm run access-log:anchor`) against that anchor too. */
  async verify(anchorJson?: string | null): Promise<ChainVerification> {
    let anchor: AccessLogAnchor | undefined;
    if (anchorJson) {
      try {
        anchor = parseAnchor(anchorJson);
      } catch (error) {
        throw new BadInputError('anchor', (error as Error).message);
      }
    }
    const result = await verifyAccessLog(this.ctx.db, { anchor });
    this.noteRead('verifyAccessLog', null, []);
    return result;
  }

  private noteRead(operation: string, subscriberId: string | null, extra: string[]): void {
    for (const field of [operation, ...extra]) {
      this.ctx.accessLog.record({
        subscriberId,
        category: DataCategory.COMPLIANCE,
        basis: AccessBasis.ROLE,
        field,
        operation,
      });
    }
  }
}

/**
 * One actor's entries, newest first, through the groups' actor index. The view reads
 * entries first (the log's newest page, a subscriber's entries and verification walk them
 * in id order), which for one actor would walk everyone's entries until the page fills.
 * Entries of a group are consecutive ids starting at the group's id, so the page's entries
 * lie in the actor's newest `first + 1` groups before the cursor: those are found first
 * (an index range), then their entries are read. The count joins from the actor's groups.
 */
async function actorPage(
  manager: EntityManager,
  actorId: string,
  base: (manager: EntityManager) => SelectQueryBuilder<AccessLogEntity>,
  page: PageArgs,
): Promise<{ rows: AccessLogEntity[]; count: () => Promise<number> }> {
  const before = page.after ? [page.after[0]] : [];
  const groups: { id: string }[] = await manager.query(
    `SELECT id FROM access_log_groups WHERE actor_id = ?${before.length ? ' AND id < ?' : ''}
     ORDER BY id DESC LIMIT ?`,
    [actorId, ...before, page.first + 1],
  );
  const count = async () => {
    const [{ n }] = await manager.query(
      `SELECT COUNT(*) AS n FROM access_log_groups g
       STRAIGHT_JOIN access_log_entries e ON e.group_id = g.id WHERE g.actor_id = ?`,
      [actorId],
    );
    return Number(n);
  };
  if (groups.length === 0) return { rows: [], count };
  const query = base(manager).andWhere('l.group_id IN (:...groups)', { groups: groups.map((g) => g.id) });
  if (page.after) query.andWhere('l.id < :before', { before: page.after[0] });
  const rows = await query
    .orderBy('l.id', 'DESC')
    .limit(page.first + 1)
    .getMany();
  return { rows, count };
}
