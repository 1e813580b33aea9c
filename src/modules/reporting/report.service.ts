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
 * an indexed column (read as a covering index, see migrations/1764000400000), and also
 * counts the distinct subscribers of each group, so that a group describing fewer than
 * REPORT_MIN_GROUP_SIZE of them is suppressed. Stored times are UTC, so the month and
 * day keys are UTC. Purged accounts keep their status, dates and anonymised payments,
 * so they still count.
 */
export class ReportService {
  constructor(private readonly ctx: AppContext) {}

  private async groups(sql: string, params: unknown[] = []): Promise<CountBucket[]> {
    const rows: GroupRow[] = await reader(this.ctx).query(sql, params);
    const minimum = config().REPORT_MIN_GROUP_SIZE;
    return rows.map((row) => {
      const suppressed = Number(row.subscribers) < minimum;
      return Object.assign(new CountBucket(), {
        key: String(row.bucket),
        value: suppressed ? null : Number(row.value ?? 0),
        suppressed,
      });
    });
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

  /** SUCCEEDED minus REFUNDED, in cents, by month of payment. */
  revenueCentsByMonth(range: TimeRange): Promise<CountBucket[]> {
    const where = rangeSql('paid_at', range);
    return this.groups(
      `SELECT DATE_FORMAT(paid_at, ${MONTH}) AS bucket,
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

  inquiriesByProduct(): Promise<CountBucket[]> {
    return this.groups(
      `SELECT product AS bucket, COUNT(*) AS value, COUNT(DISTINCT subscriber_id) AS subscribers
       FROM product_inquiries GROUP BY product ORDER BY product`,
    );
  }
}
