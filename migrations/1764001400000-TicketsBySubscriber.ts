import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `idx_tickets_subscriber` on support_tickets (subscriber_id, id): the order of a page of
 * tickets for many subscribers read in one scan (src/paging/relation-page.ts, owner scan),
 * newest subscriber first and newest ticket first, so that the scan's budget of rows bounds
 * what it reads. Without it, a page of all statuses sorted every ticket of its subscribers
 * before the limit; the status filter has `idx_tickets_status_subscriber` for the same.
 */
export class TicketsBySubscriber1764001400000 implements MigrationInterface {
  name = 'TicketsBySubscriber1764001400000';

  async up(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE support_tickets ADD KEY idx_tickets_subscriber (subscriber_id, id)');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE support_tickets DROP KEY idx_tickets_subscriber');
  }
}
