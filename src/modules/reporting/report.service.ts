import type { AppContext } from '../../context';
import { config } from '../../config';
import { reader } from '../../database/read-routing';
import { CountBucket } from './report.type';
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

const MONTH = "'%Y-%m'";
const DAY = "'%Y-%m-%d'";

/** ` AND column >= ? AND column < ?` for the given ends of a range. */
function rangeSql(column: string, range: TimeRange): { sql: string; params: Date[] } {
  const parts: string[] = [];
  const params: Date[] = [];
  if (range.from) {
    parts.push(`${column} >= ?`);
    params.push(range.from);
  }
  if (range.to) {
    parts.push(`${column} < ?`);
    params.push(range.to);
  }
  return { sql: parts.map((part) => ` AND ${part}`).join(''), params };
}

/**
 * The aggregates of `Report` (docs/design.md section 5). Each is ONE statement grouping over
 * an indexed column (read as a covering index, see migrations/1764000400000; OTHER of
 * inquiriesByProduct takes a second one when something folds into it), and also
 * counts the distinct subscribers of each group, so that a group describing fewer than
 * REPORT_MIN_GROUP_SIZE of them is suppressed. Stored times are UTC, so the month and
 * day keys are UTC. Purged accounts keep their status, dates and anonymised payments,
 * so they still count.
 *
 * Against differencing (docs/design.md section 5) the ranges arrive on bucket boundaries
 * (report.inputs.ts) and every key comes from an enum or the calendar. Each field is
 * one method with its own statement, so a field can move to a roll-up table alone.
 */
export class ReportService {
  constructor(private readonly ctx: AppContext) {}

  private async groups(sql: string, params: unknown[] = []): Promise<CountBucket[]> {
    return toBuckets(await reader(this.ctx).query(sql, params));
  }

  subscribersByStatus(): Promise<CountBucket[]> {
    return this.groups(
      `SELECT status AS bucket, COUNT(*) AS value, COUNT(*) AS subscribers
       FROM subscribers GROUP BY status ORDER BY status`,
    );
  }

  signupsByMonth(range: TimeRange): Promise<CountBucket[]> {
    const where = rangeSql('created_at', range);
    return this.groups(
      `SELECT DATE_FORMAT(created_at, ${MONTH}) AS bucket, COUNT(*) AS value, COUNT(*) AS subscribers
       FROM subscribers WHERE 1 = 1${where.sql} GROUP BY bucket ORDER BY bucket`,
      where.params,
    );
  }

  cancellationsByMonth(range: TimeRange): Promise<CountBucket[]> {
    const where = rangeSql('cancelled_at', range);
    return this.groups(
      `SELECT DATE_FORMAT(cancelled_at, ${MONTH}) AS bucket, COUNT(*) AS value, COUNT(*) AS subscribers
       FROM subscribers WHERE cancelled_at IS NOT NULL${where.sql} GROUP BY bucket ORDER BY bucket`,
      where.params,
    );
  }

  /**
   * SUCCEEDED minus REFUNDED, in cents, per month of payment and currency (key
   * "2026-03 EUR"): amounts in different currencies are never added up. SUM over INT
   * is DECIMAL in SQL, read exactly (see exactInteger), so no 32-bit overflow.
   */
  revenueCentsByMonth(range: TimeRange): Promise<CountBucket[]> {
    const where = rangeSql('paid_at', range);
    return this.groups(
      `SELECT CONCAT(DATE_FORMAT(paid_at, ${MONTH}), ' ', currency) AS bucket,
              SUM(IF(status = 'SUCCEEDED', amount_cents, -amount_cents)) AS value,
              COUNT(DISTINCT subscriber_id) AS subscribers
       FROM payments WHERE status IN ('SUCCEEDED', 'REFUNDED')${where.sql}
       GROUP BY bucket ORDER BY bucket`,
      where.params,
    );
  }

  /**
   * Grouped on the indexed virtual day column, so the groups stream in index order; the
   * day bounds pick the index range, the exact [from, to) bounds are checked in the index.
   */
  sessionsByDay(range: { from: Date; to: Date }): Promise<CountBucket[]> {
    const firstDay = range.from.toISOString().slice(0, 10);
    const lastDay = new Date(range.to.getTime() - 1).toISOString().slice(0, 10);
    return this.groups(
      `SELECT DATE_FORMAT(started_day, ${DAY}) AS bucket, COUNT(*) AS value,
              COUNT(DISTINCT subscriber_id) AS subscribers
       FROM sessions
       WHERE started_day BETWEEN ? AND ? AND started_at >= ? AND started_at < ?
       GROUP BY started_day ORDER BY started_day`,
      [firstDay, lastDay, range.from, range.to],
    );
  }

  ticketsByStatus(): Promise<CountBucket[]> {
    return this.groups(
      `SELECT status AS bucket, COUNT(*) AS value, COUNT(DISTINCT subscriber_id) AS subscribers
       FROM support_tickets GROUP BY status ORDER BY status`,
    );
  }

  /**
   * By ProductCode (the catalogue, never free text). A product asked about by fewer than
   * REPORT_MIN_GROUP_SIZE distinct subscribers is folded into OTHER rather than shown
   * as a suppressed bucket of its own, so that not even the key says that someone asked
   * about it; OTHER is then suppressed itself when it is still too small. The distinct
   * count of OTHER is taken over its rows, not added up from the folded products (a
   * subscriber asking about two of them counts once).
   */
  async inquiriesByProduct(): Promise<CountBucket[]> {
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
function toBuckets(rows: GroupRow[]): CountBucket[] {
  const minimum = config().REPORT_MIN_GROUP_SIZE;
  return rows.map((row) => {
    const suppressed = Number(row.subscribers) < minimum;
    return Object.assign(new CountBucket(), {
      key: String(row.bucket),
      value: suppressed ? null : exactInteger(row.value),
      suppressed,
    });
  });
}
