import type { AppContext } from '../../context';
import { reader, withReader } from '../../database/read-routing';
import { clock } from '../../common/clock';
import { ConflictError, NotFoundError, Reason } from '../../common/errors';
import { ownSubscriberScope } from '../../access/scope';
import { id as idSchema, parseInput } from '../../common/validation';
import { cursorOrder, keysetCondition, pageArgs, PageArgs } from '../../paging/pagination';
import { RowPage } from '../../paging/page';
import { inTransaction, isDuplicateKey } from '../../context/transaction';
import { SubscriberEntity } from './subscriber.entity';
import { toEntities } from '../../database/entity-rows';
import { toAddressColumns } from './postal-address.entity';
import { AccountStatus } from '../../access/account-status';
import {
  CreateSubscriberInput,
  createSubscriberSchema,
  SubscriberFilter,
  subscriberFilterSchema,
} from './subscriber.inputs';
import { isAccountNumber, newAccountNumber } from './account-number';
import { recordSignUpSteps } from './sign-up';

/** The keyset order of this list's cursors (newest first, id last). */
export const SUBSCRIBER_ORDER = cursorOrder('subscribers', 1);

const escapeLike = (value: string) => value.replace(/[\\%_]/g, (c) => `\\${c}`);

/** Reads and creates subscribers; every read is scoped in SQL to what the caller may reach. */
export class SubscriberService {
  constructor(private readonly ctx: AppContext) {}

  /** The subscriber `id` if the caller may reach it; null for unknown and out-of-scope alike. */
  async findVisible(id: string): Promise<SubscriberEntity | null> {
    const subscriberId = parseInput(idSchema, id, 'id');
    const identity = this.ctx.identity!;
    const scope = ownSubscriberScope(identity);
    return withReader(this.ctx, (manager) => {
      const query = manager
        .getRepository(SubscriberEntity)
        .createQueryBuilder('s')
        .where('s.id = :subscriberId', { subscriberId });
      if (scope !== null) query.andWhere('s.id = :scope', { scope });
      return query.getOne();
    });
  }

  async getVisible(id: string): Promise<SubscriberEntity> {
    const subscriber = await this.findVisible(id);
    if (!subscriber) throw new NotFoundError('Subscriber');
    return subscriber;
  }

  /**
   * The dashboard list: newest first, keyset-paged on id (index on (status, id) with a
   * status filter, the primary key without). Reads go to a replica in a query.
   */
  async list(
    first: number | null | undefined,
    after: string | null | undefined,
    filter: SubscriberFilter | null | undefined,
    /** The client asked for `totalCount`: read it with the page, in the same statement. */
    { withCount = false }: { withCount?: boolean } = {},
  ): Promise<RowPage<SubscriberEntity>> {
    const page = pageArgs({ first, after }, SUBSCRIBER_ORDER);
    const criteria = parseInput(subscriberFilterSchema, filter, 'filter');
    const status = criteria?.status ?? null;
    if (criteria?.search) return this.search(page, criteria.search, status);
    // One statement, in plain SQL: the dashboard reads this page on every load, and
    // TypeORM's builder and hydration cost more than the rows (database/entity-rows.ts).
    const where: string[] = [];
    const params: unknown[] = [];
    const alongside = withCount ? `, (${totalSql(status, '?')}) AS alongside` : '';
    if (withCount && status) params.push(status);
    if (status) {
      where.push('s.status = ?');
      params.push(status);
    }
    if (page.after) {
      where.push(keysetCondition(['s.id'], () => '?'));
      params.push(String(page.after[0]));
    }
    const rows: Record<string, unknown>[] = await reader(this.ctx).query(
      `SELECT s.*${alongside} FROM subscribers s${where.length > 0 ? ` WHERE ${where.join(' AND ')}` : ''}
       ORDER BY s.id DESC LIMIT ${page.first + 1}`,
      params,
    );
    const total = rows[0]?.alongside;
    return new RowPage(
      toEntities(this.ctx.db, SubscriberEntity, rows),
      page,
      (row) => [row.id],
      // An empty page carries no total: count on its own then.
      total === undefined ? () => this.count(status) : async () => Number(total),
    );
  }

  /**
   * `totalCount` without a search: the subscribers per status kept by triggers in
   * subscriber_rollup (migrations/1764001100000-ReportRollups), a few rows summed
   * whatever the size of the table, instead of counting the table.
   */
  private async count(status: AccountStatus | null): Promise<number> {
    const [row] = await reader(this.ctx).query(
      `SELECT (${totalSql(status, '?')}) AS total`,
      status ? [status] : [],
    );
    return Number(row.total);
  }

  /**
   * `search`: a name or e-mail prefix, or an exact account number. An OR of the three
   * would scan the table; a UNION of one index range per column reads only the matches
   * (idx_subscribers_name, uq_subscribers_email, uq_subscribers_account_number), and the
   * page's rows are then joined by primary key. Its `totalCount` counts the matches: as
   * cheap as the search's index ranges are narrow (a one-letter prefix reads many).
   */
  private async search(
    page: PageArgs,
    search: string,
    status: AccountStatus | null,
  ): Promise<RowPage<SubscriberEntity>> {
    const prefix = `${escapeLike(search)}%`;
    const branches: { sql: string; param: string }[] = [
      { sql: 'name LIKE ?', param: prefix },
      { sql: 'email LIKE ?', param: prefix },
    ];
    if (isAccountNumber(search)) branches.push({ sql: 'account_number = ?', param: search.toUpperCase() });
    const matches = (before: string | null) => {
      // The same keyset as every other list (paging/pagination.ts), on the id alone.
      const keyset = before === null ? '' : ` AND ${keysetCondition(['id'], () => '?')}`;
      return {
        sql: branches.map((b) => `SELECT id FROM subscribers WHERE ${b.sql}${keyset}`).join(' UNION '),
        params: branches.flatMap((b) => (before === null ? [b.param] : [b.param, before])),
      };
    };
    const statusSql = status ? ' AND s.status = ?' : '';
    const statusParams = status ? [status] : [];
    const union = matches(page.after ? String(page.after[0]) : null);
    const rows: Record<string, unknown>[] = await reader(this.ctx).query(
      `SELECT s.* FROM (${union.sql}) m JOIN subscribers s ON s.id = m.id
       WHERE 1 = 1${statusSql} ORDER BY s.id DESC LIMIT ${page.first + 1}`,
      [...union.params, ...statusParams],
    );
    const entities = toEntities(this.ctx.db, SubscriberEntity, rows);
    return new RowPage(
      entities,
      page,
      (row) => [row.id],
      async () => {
        const all = matches(null);
        const [row] = await reader(this.ctx).query(
          `SELECT COUNT(*) AS total FROM (${all.sql}) m JOIN subscribers s ON s.id = m.id WHERE 1 = 1${statusSql}`,
          [...all.params, ...statusParams],
        );
        return Number(row.total);
      },
    );
  }

  async create(input: CreateSubscriberInput): Promise<SubscriberEntity> {
    const values = parseInput(createSubscriberSchema, input);
    for (let attempt = 0; ; attempt++) {
      try {
        return await inTransaction(this.ctx, async (manager) => {
          const row = manager.create(SubscriberEntity, {
            accountNumber: newAccountNumber(),
            name: values.name,
            email: values.email,
            phone: values.phone,
            address: toAddressColumns(values.address),
            createdAt: clock.now(),
          });
          const saved = await manager.save(row);
          await recordSignUpSteps(manager, saved.id, values);
          return saved;
        });
      } catch (error) {
        if (isDuplicateKey(error, 'uq_subscribers_email')) {
          throw new ConflictError(
            Reason.ALREADY_EXISTS,
            'input.email: another account uses this e-mail address',
          );
        }
        if (isDuplicateKey(error, 'uq_subscribers_account_number') && attempt < 3) continue;
        throw error;
      }
    }
  }
}

/**
 * The list's total from the roll-up, as one scalar subquery: read alone by `count`, or
 * alongside the page's rows. `placeholder` is the status parameter's spelling (`?` for a
 * plain statement, `:name` for TypeORM's query builder).
 */
function totalSql(status: AccountStatus | null, placeholder: string): string {
  return `SELECT COALESCE(SUM(r.entries), 0) FROM subscriber_rollup r
          WHERE r.report = 'SUBSCRIBERS_BY_STATUS'${status ? ` AND r.bucket = ${placeholder}` : ''}`;
}
