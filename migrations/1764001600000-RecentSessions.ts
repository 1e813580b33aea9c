import { MigrationInterface, QueryRunner } from 'typeorm';
import { SESSIONS_BY_SUBSCRIBER } from './1764001300000-SessionsBySubscriber';

/** Each subscriber's newest sessions: (subscriber, start, id), the newest few only. */
export const RECENT_SESSIONS = 'sessions_recent';

/**
 * How many of each subscriber's newest sessions the table keeps: a page of up to five (the
 * dashboard shows five per subscriber) and the one more that tells whether
 * another page follows.
 */
export const RECENT_SESSIONS_KEPT = 6;

const NEWEST = 'ORDER BY started_at DESC, id DESC';
const KEY_CHANGED =
  'NOT (OLD.subscriber_id <=> NEW.subscriber_id AND OLD.started_at <=> NEW.started_at AND OLD.id <=> NEW.id)';

/**
 * The owner's newest sessions from `sessions_by_subscriber`, leaving out the keys being
 * deleted or moved: whether that table's own trigger has run yet does not matter.
 */
const refill = (owner: string, without: string[]) =>
  `INSERT IGNORE INTO ${RECENT_SESSIONS} (subscriber_id, started_at, id)
     SELECT subscriber_id, started_at, id FROM ${SESSIONS_BY_SUBSCRIBER}
      WHERE subscriber_id = ${owner}
        ${without.map((row) => `AND NOT (started_at = ${row}.started_at AND id = ${row}.id)`).join(' ')}
      ${NEWEST} LIMIT ${RECENT_SESSIONS_KEPT}`;

/**
 * Deletes what lies past the newest RECENT_SESSIONS_KEPT: the row at that rank and every
 * older one. A concurrent insert this statement cannot see only leaves one row too many,
 * never one too few: a reader sorts and cuts each owner's rows itself.
 */
const trim = (owner: string) =>
  `DELETE FROM ${RECENT_SESSIONS} WHERE subscriber_id = ${owner}
     AND (started_at, id) <= (SELECT started_at, id FROM ${RECENT_SESSIONS}
       WHERE subscriber_id = ${owner} ${NEWEST} LIMIT ${RECENT_SESSIONS_KEPT}, 1)`;

const keep = (row: string) =>
  `INSERT IGNORE INTO ${RECENT_SESSIONS} (subscriber_id, started_at, id)
     VALUES (${row}.subscriber_id, ${row}.started_at, ${row}.id)`;

const TRIGGERS = [
  {
    name: `${RECENT_SESSIONS}_insert`,
    sql: `AFTER INSERT ON sessions FOR EACH ROW
      BEGIN
        ${keep('NEW')};
        ${trim('NEW.subscriber_id')};
      END`,
  },
  {
    name: `${RECENT_SESSIONS}_update`,
    sql: `AFTER UPDATE ON sessions FOR EACH ROW
      IF ${KEY_CHANGED} THEN
        DELETE FROM ${RECENT_SESSIONS} WHERE subscriber_id IN (OLD.subscriber_id, NEW.subscriber_id);
        ${refill('OLD.subscriber_id', ['OLD', 'NEW'])};
        ${refill('NEW.subscriber_id', ['OLD', 'NEW'])};
        ${keep('NEW')};
        ${trim('NEW.subscriber_id')};
      END IF`,
  },
  {
    name: `${RECENT_SESSIONS}_delete`,
    sql: `AFTER DELETE ON sessions FOR EACH ROW
      BEGIN
        DELETE FROM ${RECENT_SESSIONS}
          WHERE subscriber_id = OLD.subscriber_id AND started_at = OLD.started_at AND id = OLD.id;
        IF ROW_COUNT() > 0 THEN
          ${refill('OLD.subscriber_id', ['OLD'])};
        END IF;
      END`,
  },
];

/** Subscribers per backfill statement. */
const BACKFILL_SUBSCRIBERS = 2000;

/**
 * `sessions_recent`: the newest RECENT_SESSIONS_KEPT sessions of each subscriber, as
 * (subscriber, start, id), kept by triggers on every write to `sessions`.
 *
 * The dashboard's first page of five sessions for 50 subscribers was 50 limited branches
 * over `sessions_by_subscriber` in one UNION ALL, and MariaDB spends about 30 µs on each
 * branch, rows or none: two thirds of the dashboard's database time. With the newest
 * sessions of each subscriber in a table of their own, that page is one join of the 50
 * ids to this table and of its rows to `sessions` by primary key, with nothing to limit
 * per owner: 1.3–1.9 → 0.55–0.85 ms of MariaDB CPU timed alone (docs/performance.md,
 * "Seventh round"). Any other page (a later one, a range, more than five) still walks
 * `sessions_by_subscriber`.
 *
 * Like `sessions_by_subscriber` it holds no personal data beyond the link between a
 * subscriber and a session's time, and the server's user only reads it. Dropping or
 * truncating a sessions partition fires no trigger: delete its rows here in the same
 * window, then refill the subscribers concerned from `sessions_by_subscriber`.
 */
export class RecentSessions1764001600000 implements MigrationInterface {
  name = 'RecentSessions1764001600000';

  constructor(private readonly backfillStep = BACKFILL_SUBSCRIBERS) {}

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TABLE ${RECENT_SESSIONS} (
         subscriber_id BIGINT UNSIGNED NOT NULL,
         started_at DATETIME(3) NOT NULL,
         id BIGINT UNSIGNED NOT NULL,
         PRIMARY KEY (subscriber_id, started_at DESC, id DESC)
       ) ENGINE=InnoDB`,
    );
    // Triggers first: a session written during the backfill is kept by its trigger, and the
    // backfill's INSERT IGNORE leaves it alone.
    for (const trigger of TRIGGERS) await q.query(`CREATE TRIGGER ${trigger.name} ${trigger.sql}`);
    const [ends] = await q.query(
      `SELECT MIN(subscriber_id) AS first, MAX(subscriber_id) AS last FROM ${SESSIONS_BY_SUBSCRIBER}`,
    );
    if (ends.first === null) return;
    for (let start = Number(ends.first); start <= Number(ends.last); start += this.backfillStep) {
      await q.query(
        `INSERT IGNORE INTO ${RECENT_SESSIONS} (subscriber_id, started_at, id)
         SELECT subscriber_id, started_at, id FROM (
           SELECT subscriber_id, started_at, id,
                  ROW_NUMBER() OVER (PARTITION BY subscriber_id ${NEWEST}) AS position
             FROM ${SESSIONS_BY_SUBSCRIBER} WHERE subscriber_id BETWEEN ? AND ?) ranked
         WHERE position <= ${RECENT_SESSIONS_KEPT}`,
        [start, start + this.backfillStep - 1],
      );
    }
  }

  async down(q: QueryRunner): Promise<void> {
    for (const trigger of TRIGGERS) await q.query(`DROP TRIGGER IF EXISTS ${trigger.name}`);
    await q.query(`DROP TABLE IF EXISTS ${RECENT_SESSIONS}`);
  }
}
