import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Indexes for internal reporting (DESIGN.md section 5) and the dashboard at scale. Each
 * report aggregate groups over one of these, read as a covering index so that no row
 * of the big tables is visited:
 * - cancellations by month: `cancelled_at` leading (the old index leads with status);
 * - revenue by month: paid_at, status, subscriber and amount in one index;
 * - sessions by day: started_at with the subscriber, for the distinct count; it
 *   replaces the index on started_at alone, which it covers;
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
      'ALTER TABLE sessions ADD KEY idx_sessions_started_subscriber (started_at, subscriber_id), DROP KEY idx_sessions_started',
    );
    await q.query(
      'ALTER TABLE support_tickets ADD KEY idx_tickets_status_subscriber (status, subscriber_id)',
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE support_tickets DROP KEY idx_tickets_status_subscriber');
    await q.query(
      'ALTER TABLE sessions ADD KEY idx_sessions_started (started_at), DROP KEY idx_sessions_started_subscriber',
    );
    await q.query('ALTER TABLE payments DROP KEY idx_payments_paid_status_amount');
    await q.query('ALTER TABLE subscribers DROP KEY idx_subscribers_cancelled_at_only');
  }
}
