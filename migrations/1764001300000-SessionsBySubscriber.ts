import { MigrationInterface, QueryRunner } from 'typeorm';

/** The narrow, unpartitioned copy of the sessions' subscriber index. */
export const SESSIONS_BY_SUBSCRIBER = 'sessions_by_subscriber';

const KEY_CHANGED =
  'NOT (OLD.subscriber_id <=> NEW.subscriber_id AND OLD.started_at <=> NEW.started_at AND OLD.id <=> NEW.id)';

const TRIGGERS = [
  {
    name: `${SESSIONS_BY_SUBSCRIBER}_insert`,
    sql: `AFTER INSERT ON sessions FOR EACH ROW
      INSERT INTO ${SESSIONS_BY_SUBSCRIBER} (subscriber_id, started_at, id)
      VALUES (NEW.subscriber_id, NEW.started_at, NEW.id)`,
  },
  {
    name: `${SESSIONS_BY_SUBSCRIBER}_update`,
    sql: `AFTER UPDATE ON sessions FOR EACH ROW
      IF ${KEY_CHANGED} THEN
        DELETE FROM ${SESSIONS_BY_SUBSCRIBER}
          WHERE subscriber_id = OLD.subscriber_id AND started_at = OLD.started_at AND id = OLD.id;
        INSERT INTO ${SESSIONS_BY_SUBSCRIBER} (subscriber_id, started_at, id)
          VALUES (NEW.subscriber_id, NEW.started_at, NEW.id);
      END IF`,
  },
  {
    name: `${SESSIONS_BY_SUBSCRIBER}_delete`,
    sql: `AFTER DELETE ON sessions FOR EACH ROW
      DELETE FROM ${SESSIONS_BY_SUBSCRIBER}
        WHERE subscriber_id = OLD.subscriber_id AND started_at = OLD.started_at AND id = OLD.id`,
  },
];

/** Subscribers per backfill statement: each reads their sessions along the subscriber index. */
const BACKFILL_SUBSCRIBERS = 2000;

/**
 * `sessions_by_subscriber`: (subscriber, start, id) of every session, in one unpartitioned
 * table, kept exact by triggers on every write to `sessions` (docs/design.md section 7,
 * docs/performance.md "A subscriber's newest sessions").
 *
 * `sessions` is partitioned by month (docs/design.md section 8), so "a subscriber's newest
 * sessions" has to look into every monthly partition: a page of 50 subscribers opened 38
 * partitions 50 times and cost more database time than the rest of the dashboard together.
 * The pages walk this table instead, which holds no personal data beyond the link between
 * a subscriber and a session's time, and read the page's rows from `sessions` by primary
 * key, which names the partition. The server's user only reads it
 * (src/database/least-privilege.ts).
 *
 * Dropping or truncating a sessions partition fires no trigger: delete its rows here in the
 * same window, as for the roll-ups.
 */
export class SessionsBySubscriber1764001300000 implements MigrationInterface {
  name = 'SessionsBySubscriber1764001300000';

  constructor(private readonly backfillStep = BACKFILL_SUBSCRIBERS) {}

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TABLE ${SESSIONS_BY_SUBSCRIBER} (
         subscriber_id BIGINT UNSIGNED NOT NULL,
         started_at DATETIME(3) NOT NULL,
         id BIGINT UNSIGNED NOT NULL,
         PRIMARY KEY (subscriber_id, started_at, id)
       ) ENGINE=InnoDB`,
    );
    for (const trigger of TRIGGERS) await q.query(`CREATE TRIGGER ${trigger.name} ${trigger.sql}`);
    const [ends] = await q.query(
      'SELECT MIN(subscriber_id) AS first, MAX(subscriber_id) AS last FROM sessions',
    );
    if (ends.first === null) return;
    for (let start = Number(ends.first); start <= Number(ends.last); start += this.backfillStep) {
      await q.query(
        `INSERT INTO ${SESSIONS_BY_SUBSCRIBER} (subscriber_id, started_at, id)
         SELECT subscriber_id, started_at, id FROM sessions WHERE subscriber_id BETWEEN ? AND ?`,
        [start, start + this.backfillStep - 1],
      );
    }
  }

  async down(q: QueryRunner): Promise<void> {
    for (const trigger of TRIGGERS) await q.query(`DROP TRIGGER IF EXISTS ${trigger.name}`);
    await q.query(`DROP TABLE IF EXISTS ${SESSIONS_BY_SUBSCRIBER}`);
  }
}
