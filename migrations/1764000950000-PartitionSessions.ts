import { MigrationInterface, QueryRunner } from 'typeorm';
import { monthlyPartitions } from '../src/database/session-partitions';

/**
 * Sessions, the biggest table, partitioned by month of `started_at` (docs/design.md section 8):
 * reports and the retention purge touch only the months they need, and old months can be
 * archived or dropped as a whole. MariaDB requires the partitioning column in every unique
 * key (so the primary key becomes (id, started_at); ids stay unique by AUTO_INCREMENT) and
 * allows no foreign key on a partitioned table: the subscriber of a session is checked by
 * the service that records it (the account row lock), and subscribers are never deleted.
 *
 * Partitions: p_before (before 2025), one per month of 2025–2027, p_future (MAXVALUE) for
 * anything later; `npm run sessions:partitions` adds months ahead of time (docs/scaling.md).
 * On a big table this rewrites it once: plan a maintenance window.
 */
export class PartitionSessions1764000950000 implements MigrationInterface {
  name = 'PartitionSessions1764000950000';

  async up(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE sessions DROP FOREIGN KEY fk_sessions_subscriber');
    await q.query('ALTER TABLE sessions DROP PRIMARY KEY, ADD PRIMARY KEY (id, started_at)');
    await q.query(
      `ALTER TABLE sessions PARTITION BY RANGE COLUMNS (started_at) (
         PARTITION p_before VALUES LESS THAN ('2025-01-01 00:00:00'),
         ${monthlyPartitions(2025, 1, 2027, 12).join(',\n         ')},
         PARTITION p_future VALUES LESS THAN (MAXVALUE))`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE sessions REMOVE PARTITIONING');
    await q.query('ALTER TABLE sessions DROP PRIMARY KEY, ADD PRIMARY KEY (id)');
    await q.query(
      `ALTER TABLE sessions ADD CONSTRAINT fk_sessions_subscriber
         FOREIGN KEY (subscriber_id) REFERENCES subscribers (id)`,
    );
  }
}
