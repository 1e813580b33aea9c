import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Indexes for internal reporting (docs/design.md section 5) and the dashboard at scale. Each
 * report aggregate groups over one of these, read as a covering index so that no row
 * of the big tables is visited:
 * - cancellations by month: `cancelled_at` leading (the old index leads with status);
 * - revenue by month: paid_at, status, subscriber and amount in one index;
 * - sessions by day: a virtual `started_day` (the UTC day: stored times are UTC) leading
 *   an index with the subscriber and the start time. Grouping by a column the index is
 *   ordered on streams the groups instead of sorting half a million rows, and the
 *   start time in the index keeps [from, to) exact without visiting rows;
 * - tickets by status: status with the subscriber, for the distinct count.
 */
export class ReportingIndexes1764000400000 implements MigrationInterface {
  name = 'ReportingIndexes1764000400000';

  async up(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE subscribers ADD KEY idx_subscribers_cancelled_at_only (cancelled_at)');
    await q.query(
      'ALTER TABLE payments ADD KEY idx_payments_paid_status_amount (paid_at, status, subscriber_id, amount_cents)',
    );
    await q.query(
      `ALTER TABLE sessions ADD COLUMN started_day DATE AS (CAST(started_at AS DATE)) VIRTUAL,
       ADD KEY idx_sessions_day_subscriber (started_day, subscriber_id, started_at)`,
    );
    await q.query(
      'ALTER TABLE support_tickets ADD KEY idx_tickets_status_subscriber (status, subscriber_id)',
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE support_tickets DROP KEY idx_tickets_status_subscriber');
    await q.query('ALTER TABLE sessions DROP KEY idx_sessions_day_subscriber, DROP COLUMN started_day');
    await q.query('ALTER TABLE payments DROP KEY idx_payments_paid_status_amount');
    await q.query('ALTER TABLE subscribers DROP KEY idx_subscribers_cancelled_at_only');
  }
}
