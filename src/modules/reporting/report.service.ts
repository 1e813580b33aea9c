import type { AppContext } from '../../context';
import { config } from '../../config';
import { reader } from '../../database/read-routing';
import { AccountStatus } from '../../access/account-status';
import { TicketStatus } from '../ticket/ticket.entity';
import { CountRow } from './report.row';
import { TimeRange } from './report.inputs';

/** What each aggregate statement returns: the group, its value, the distinct subscribers behind it. */
interface GroupRow {
  bucket: string;
  value: string | number | null;
  subscribers: string | number;
}

/**
 * A group's value as a JavaScript number, refusing to round: SUM is DECIMAL in SQL and
 * arrives as a string; beyond 2^53 a number would silently lose cents.
 */
function exactInteger(value: string | number | null): number {
  const exact = BigInt(value ?? 0);
  if (exact > BigInt(Number.MAX_SAFE_INTEGER) || exact < -BigInt(Number.MAX_SAFE_INTEGER)) {
    throw new Error('A report value is beyond the range of SafeInt');
  }
  return Number(exact);
}

/** The first and the last bucket key a report reads, both inclusive; null: unbounded. */
interface KeyRange {
  first: string | null;
  last: string | null;
}

const NO_RANGE: KeyRange = { first: null, last: null };

/** Status buckets in the order of their enum (as the column's ENUM sorts), not alphabetically. */
const inEnumOrder = (values: Record<string, string>) =>
  `FIELD(bucket, ${Object.values(values)
    .map((value) => `'${value}'`)
    .join(', ')})`;

/** A [from, to) range on month boundaries as the month keys it covers ("2026-03"). */
function monthKeys(range: TimeRange): KeyRange {
  const month = (date: Date) => date.toISOString().slice(0, 7);
  // `to` is exclusive and on a month boundary: the last month is the one before it.
  return {
    first: range.from ? month(range.from) : null,
    last: range.to ? month(new Date(range.to.getTime() - 1)) : null,
  };
}

/**
 * The aggregates of `Report` (docs/design.md section 5), each ONE statement over a roll-up
 * table (migrations/1764001100000-ReportRollups): per report, bucket and slot, the rows,
 * the value and the distinct subscribers, kept exact by triggers on every write to the
 * base tables. A report sums the slots of each bucket (a slot holds a disjoint share of
 * the subscribers, so the distinct counts add up exactly) and reads a few hundred rows
 * however many sessions, payments or tickets there are. A group describing fewer than
 * REPORT_MIN_GROUP_SIZE distinct subscribers is suppressed. Stored times are UTC, so the
 * month and day keys are UTC. Purged accounts keep their status, dates and anonymised
 * payments, so they still count.
 *
 * Against differencing (docs/design.md section 5) the ranges arrive on bucket boundaries
 * (report.inputs.ts), so a range is exactly a run of whole buckets, and every key comes
 * from an enum or the calendar.
 */
export class ReportService {
  constructor(private readonly ctx: AppContext) {}

  private async groups(sql: string, params: unknown[] = []): Promise<CountRow[]> {
    return toBuckets(await reader(this.ctx).query(sql, params));
  }

  /**
   * The buckets of `report` in `table` within `keys`. Month keys of revenue carry the
   * currency ("2026-03 EUR"), so the last month is bounded by the prefix of the month after.
   */
  private rollup(table: string, report: string, keys: KeyRange = NO_RANGE, order = 'bucket') {
    const where: string[] = ['report = ?'];
    const params: unknown[] = [report];
    if (keys.first) {
      where.push('bucket >= ?');
      params.push(keys.first);
    }
    if (keys.last) {
      where.push('bucket < ?');
      params.push(`${keys.last}~`);
    }
    return this.groups(
      `SELECT bucket, SUM(value) AS value, SUM(subscribers) AS subscribers FROM ${table}
       WHERE ${where.join(' AND ')} GROUP BY bucket HAVING SUM(entries) > 0 ORDER BY ${order}`,
      params,
    );
  }

  subscribersByStatus(): Promise<CountRow[]> {
    return this.rollup('subscriber_rollup', 'SUBSCRIBERS_BY_STATUS', NO_RANGE, inEnumOrder(AccountStatus));
  }

  signupsByMonth(range: TimeRange): Promise<CountRow[]> {
    return this.rollup('subscriber_rollup', 'SIGNUPS_BY_MONTH', monthKeys(range));
  }

  cancellationsByMonth(range: TimeRange): Promise<CountRow[]> {
    return this.rollup('subscriber_rollup', 'CANCELLATIONS_BY_MONTH', monthKeys(range));
  }

  /**
   * SUCCEEDED minus REFUNDED, in cents, per month of payment and currency (key
   * "2026-03 EUR"): amounts in different currencies are never added up. SUM over BIGINT
   * is DECIMAL in SQL, read exactly (see exactInteger).
   */
  revenueCentsByMonth(range: TimeRange): Promise<CountRow[]> {
    return this.rollup('payment_rollup', 'REVENUE_CENTS_BY_MONTH', monthKeys(range));
  }

  /** Day keys ("2026-03-15") from the first day of the range to the day before `to`. */
  sessionsByDay(range: { from: Date; to: Date }): Promise<CountRow[]> {
    return this.rollup('session_rollup', 'SESSIONS_BY_DAY', {
      first: range.from.toISOString().slice(0, 10),
      last: new Date(range.to.getTime() - 1).toISOString().slice(0, 10),
    });
  }

  ticketsByStatus(): Promise<CountRow[]> {
    return this.rollup('support_ticket_rollup', 'TICKETS_BY_STATUS', NO_RANGE, inEnumOrder(TicketStatus));
  }

  /**
   * By ProductCode (the catalogue, never free text). A product asked about by fewer than
   * REPORT_MIN_GROUP_SIZE distinct subscribers is folded into OTHER rather than shown
   * as a suppressed bucket of its own, so that not even the key says that someone asked
   * about it; OTHER is then suppressed itself when it is still too small. The distinct
   * count of OTHER is taken over its rows, not added up from the folded products (a
   * subscriber asking about two of them counts once).
   */
  async inquiriesByProduct(): Promise<CountRow[]> {
    const byProduct: GroupRow[] = await reader(this.ctx).query(
      `SELECT product AS bucket, COUNT(*) AS value, COUNT(DISTINCT subscriber_id) AS subscribers
       FROM product_inquiries GROUP BY product ORDER BY product`,
    );
    const minimum = config().REPORT_MIN_GROUP_SIZE;
    const folded = byProduct
      .filter((row) => row.bucket === 'OTHER' || Number(row.subscribers) < minimum)
      .map((row) => row.bucket);
    const kept = byProduct.filter((row) => !folded.includes(row.bucket));
    if (folded.length > 0) {
      // A second statement only when something folds: one index range per folded code.
      const [other]: GroupRow[] = await reader(this.ctx).query(
        `SELECT 'OTHER' AS bucket, COUNT(*) AS value, COUNT(DISTINCT subscriber_id) AS subscribers
         FROM product_inquiries WHERE product IN (?)`,
        [folded],
      );
      kept.push(other);
    }
    return toBuckets(kept);
  }
}

/** Rows to buckets: a group of fewer than REPORT_MIN_GROUP_SIZE distinct subscribers is suppressed. */
function toBuckets(rows: GroupRow[]): CountRow[] {
  const minimum = config().REPORT_MIN_GROUP_SIZE;
  return rows.map((row) => {
    const suppressed = Number(row.subscribers) < minimum;
    return { key: String(row.bucket), value: suppressed ? null : exactInteger(row.value), suppressed };
  });
}
