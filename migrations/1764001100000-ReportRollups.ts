import { MigrationInterface, QueryRunner } from 'typeorm';

/** How a row of a base table counts in one report: `row` is NEW, OLD or a table alias. */
interface RollupSource {
  report: string;
  /** The bucket key exactly as the report answers it. */
  bucket: (row: string) => string;
  /** Whether the row counts at all. */
  counts: (row: string) => string;
  /** What the row adds to the bucket's value (1 for a count). */
  value: (row: string) => string;
  subscriber: (row: string) => string;
  /** True for a table with several rows per subscriber: the distinct count needs report_members. */
  manyPerSubscriber: boolean;
}

const DAY = "'%Y-%m-%d'";
const MONTH = "'%Y-%m'";
const always = () => 'TRUE';
const one = () => '1';

/** Per base table, the reports it feeds (docs/design.md section 5). */
export const ROLLUP_SOURCES: Record<string, RollupSource[]> = {
  subscribers: [
    {
      report: 'SUBSCRIBERS_BY_STATUS',
      bucket: (r) => `${r}.status`,
      counts: always,
      value: one,
      subscriber: (r) => `${r}.id`,
      manyPerSubscriber: false,
    },
    {
      report: 'SIGNUPS_BY_MONTH',
      bucket: (r) => `DATE_FORMAT(${r}.created_at, ${MONTH})`,
      counts: always,
      value: one,
      subscriber: (r) => `${r}.id`,
      manyPerSubscriber: false,
    },
    {
      report: 'CANCELLATIONS_BY_MONTH',
      bucket: (r) => `DATE_FORMAT(${r}.cancelled_at, ${MONTH})`,
      counts: (r) => `${r}.cancelled_at IS NOT NULL`,
      value: one,
      subscriber: (r) => `${r}.id`,
      manyPerSubscriber: false,
    },
  ],
  sessions: [
    {
      report: 'SESSIONS_BY_DAY',
      bucket: (r) => `DATE_FORMAT(${r}.started_at, ${DAY})`,
      counts: always,
      value: one,
      subscriber: (r) => `${r}.subscriber_id`,
      manyPerSubscriber: true,
    },
  ],
  payments: [
    {
      // SUCCEEDED minus REFUNDED, per month and currency: a refund is a status change.
      report: 'REVENUE_CENTS_BY_MONTH',
      bucket: (r) => `CONCAT(DATE_FORMAT(${r}.paid_at, ${MONTH}), ' ', ${r}.currency)`,
      counts: (r) => `${r}.status IN ('SUCCEEDED', 'REFUNDED')`,
      value: (r) => `IF(${r}.status = 'SUCCEEDED', ${r}.amount_cents, -${r}.amount_cents)`,
      subscriber: (r) => `${r}.subscriber_id`,
      manyPerSubscriber: true,
    },
  ],
  support_tickets: [
    {
      report: 'TICKETS_BY_STATUS',
      bucket: (r) => `${r}.status`,
      counts: always,
      value: one,
      subscriber: (r) => `${r}.subscriber_id`,
      manyPerSubscriber: true,
    },
  ],
};

/** The roll-up tables of a base table: its buckets, and its members when it needs them. */
export function rollupTables(table: string): { buckets: string; members: string | null } {
  const buckets = `${table.replace(/s$/, '')}_rollup`;
  const many = ROLLUP_SOURCES[table].some((source) => source.manyPerSubscriber);
  return { buckets, members: many ? `${buckets}_members` : null };
}

const reportsOf = (table: string) => ROLLUP_SOURCES[table].map((source) => `'${source.report}'`).join(', ');

/**
 * Buckets are spread over this many slots by subscriber id, so that concurrent writes
 * for different subscribers rarely wait on the same roll-up row; a report sums the slots.
 * Slots split subscribers, never one subscriber, so the distinct counts add up exactly.
 */
export const ROLLUP_SLOTS = 16;

/** The statements adding (sign 1) or removing (sign -1) one row's contribution. */
function apply(table: string, source: RollupSource, row: string, sign: 1 | -1): string {
  const { buckets, members } = rollupTables(table);
  const [report, bucket, subscriber] = [`'${source.report}'`, source.bucket(row), source.subscriber(row)];
  const call = source.manyPerSubscriber
    ? `CALL ${members}_add(${report}, ${bucket}, ${subscriber}, ${sign}, ${sign} * (${source.value(row)}))`
    : `CALL ${buckets}_add(${report}, ${bucket}, ${subscriber} MOD ${ROLLUP_SLOTS}, ${sign}, ${sign}, ${sign})`;
  return `IF ${source.counts(row)} THEN ${call}; END IF;`;
}

/**
 * An update moves a row's contribution only when something the report reads changed.
 * The two buckets are changed in key order, so that two moves in opposite directions
 * (OPEN to CLOSED and CLOSED to OPEN in the same slot) wait for each other instead of
 * deadlocking.
 */
function move(table: string, source: RollupSource): string {
  const same = [source.counts, source.bucket, source.value, source.subscriber]
    .map((part) => `${part('OLD')} <=> ${part('NEW')}`)
    .join(' AND ');
  const key = (row: string) => `(${source.bucket(row)}, ${source.subscriber(row)} MOD ${ROLLUP_SLOTS})`;
  const [remove, add] = [apply(table, source, 'OLD', -1), apply(table, source, 'NEW', 1)];
  return `IF NOT (${same}) THEN
    IF ${key('OLD')} <= ${key('NEW')} OR ${source.bucket('NEW')} IS NULL THEN ${remove} ${add} ELSE ${add} ${remove} END IF;
  END IF;`;
}

function triggers(table: string): { name: string; sql: string }[] {
  const sources = ROLLUP_SOURCES[table];
  return [
    { event: 'INSERT', statements: sources.map((s) => apply(table, s, 'NEW', 1)) },
    { event: 'UPDATE', statements: sources.map((s) => move(table, s)) },
    { event: 'DELETE', statements: sources.map((s) => apply(table, s, 'OLD', -1)) },
  ].map(({ event, statements }) => {
    const name = `${table}_rollup_${event.toLowerCase()}`;
    return {
      name,
      sql: `CREATE TRIGGER ${name} AFTER ${event} ON ${table} FOR EACH ROW BEGIN ${statements.join(' ')} END`,
    };
  });
}

/**
 * The roll-ups of one source, computed from its table (the backfill, and what tests
 * compare); `subscribers` limits them to a range of subscriber ids.
 */
export function rollupFromBase(table: string, source: RollupSource, subscribers?: [number, number]) {
  const [report, bucket, subscriber] = [`'${source.report}'`, source.bucket('x'), source.subscriber('x')];
  const range = subscribers ? ` AND ${subscriber} BETWEEN ${subscribers[0]} AND ${subscribers[1]}` : '';
  const from = `FROM ${table} x WHERE ${source.counts('x')}${range}`;
  return {
    members: `SELECT ${report} AS report, ${bucket} AS bucket, ${subscriber} AS subscriber_id,
                COUNT(*) AS entries ${from} GROUP BY ${bucket}, ${subscriber}`,
    buckets: `SELECT ${report} AS report, ${bucket} AS bucket, ${subscriber} MOD ${ROLLUP_SLOTS} AS slot,
                COUNT(*) AS entries, SUM(${source.value('x')}) AS value,
                COUNT(DISTINCT ${subscriber}) AS subscribers
              ${from} GROUP BY ${bucket}, ${subscriber} MOD ${ROLLUP_SLOTS}`,
  };
}

/**
 * Subscribers per backfill statement: each reads their rows along the subscriber index
 * and groups them in a temporary table small enough for memory (one statement over ten
 * million sessions spilled to disk for minutes).
 */
const BACKFILL_SUBSCRIBERS = 500;

async function backfill(q: QueryRunner, table: string, source: RollupSource, step: number): Promise<void> {
  const { buckets, members } = rollupTables(table);
  const [ends] = await q.query(
    `SELECT MIN(${source.subscriber('x')}) AS first, MAX(${source.subscriber('x')}) AS last FROM ${table} x`,
  );
  if (ends.first === null) return;
  for (let start = Number(ends.first); start <= Number(ends.last); start += step) {
    const base = rollupFromBase(table, source, [start, start + step - 1]);
    if (members && source.manyPerSubscriber) {
      await q.query(`INSERT INTO ${members} (report, bucket, subscriber_id, entries) ${base.members}`);
    }
    // Ranges of subscribers are disjoint, so their distinct counts add up.
    await q.query(
      `INSERT INTO ${buckets} (report, bucket, slot, entries, value, subscribers) ${base.buckets}
       ON DUPLICATE KEY UPDATE entries = ${buckets}.entries + VALUES(entries),
         value = ${buckets}.value + VALUES(value), subscribers = ${buckets}.subscribers + VALUES(subscribers)`,
    );
  }
}

const ASCII = 'CHARACTER SET ascii COLLATE ascii_bin';
const KEY = `VARCHAR(16) ${ASCII} NOT NULL`;
/** Parameters in the columns' character set: a utf8mb4 one would be compared by converting the column, bypassing the key. */
const PARAMS = `IN p_report VARCHAR(32) ${ASCII}, IN p_bucket VARCHAR(16) ${ASCII}`;

/** The tables and procedures of one base table's roll-up. */
function rollupObjects(table: string): string[] {
  const { buckets, members } = rollupTables(table);
  const report = `report ENUM(${reportsOf(table)}) ${ASCII} NOT NULL`;
  const statements = [
    `CREATE TABLE ${buckets} (${report}, bucket ${KEY}, slot TINYINT UNSIGNED NOT NULL,
       entries BIGINT NOT NULL, value BIGINT NOT NULL, subscribers BIGINT NOT NULL,
       PRIMARY KEY (report, bucket, slot)) ENGINE=InnoDB`,
    `CREATE PROCEDURE ${buckets}_add(${PARAMS},
       IN p_slot TINYINT UNSIGNED, IN p_entries INT, IN p_value BIGINT, IN p_subscribers INT)
     MODIFIES SQL DATA
     INSERT INTO ${buckets} (report, bucket, slot, entries, value, subscribers)
     VALUES (p_report, p_bucket, p_slot, p_entries, p_value, p_subscribers)
     ON DUPLICATE KEY UPDATE entries = entries + p_entries, value = value + p_value,
       subscribers = subscribers + p_subscribers`,
  ];
  if (!members) return statements;
  // After the upsert the member row is locked by this transaction, so reading it back
  // says whether this was the subscriber's first row in the bucket (entries 1) or, on
  // removal, the last (entries 0). ROW_COUNT() does not say it inside a trigger.
  return [
    ...statements,
    `CREATE TABLE ${members} (${report}, bucket ${KEY}, subscriber_id BIGINT UNSIGNED NOT NULL,
       entries BIGINT NOT NULL, PRIMARY KEY (report, bucket, subscriber_id)) ENGINE=InnoDB`,
    `CREATE PROCEDURE ${members}_add(${PARAMS},
       IN p_subscriber BIGINT UNSIGNED, IN p_sign INT, IN p_value BIGINT)
     MODIFIES SQL DATA
     BEGIN
       DECLARE left_entries BIGINT;
       DECLARE joined INT DEFAULT 0;
       INSERT INTO ${members} (report, bucket, subscriber_id, entries)
       VALUES (p_report, p_bucket, p_subscriber, p_sign)
       ON DUPLICATE KEY UPDATE entries = entries + p_sign;
       SET left_entries = (SELECT entries FROM ${members}
         WHERE report = p_report AND bucket = p_bucket AND subscriber_id = p_subscriber);
       IF p_sign > 0 AND left_entries = 1 THEN SET joined = 1; END IF;
       IF p_sign < 0 AND left_entries <= 0 THEN
         DELETE FROM ${members} WHERE report = p_report AND bucket = p_bucket AND subscriber_id = p_subscriber;
         SET joined = -1;
       END IF;
       CALL ${buckets}_add(p_report, p_bucket, p_subscriber MOD ${ROLLUP_SLOTS}, p_sign, p_value, joined);
     END`,
  ];
}

/**
 * Roll-ups of the reports (docs/design.md section 5), kept exact by triggers on every
 * write to the base tables, whichever code path makes it (services, the seed, the
 * retention purge, a hand-written statement). Per base table (so that writers of
 * different tables never meet on a roll-up's locks):
 * - <table>_rollup: per report, bucket and slot, the rows, the value (count or cents) and
 *   the distinct subscribers. A report reads a few hundred of these rows whatever the
 *   size of the base table.
 * - <table>_rollup_members (sessions, payments, tickets: several rows per subscriber):
 *   per report, bucket and subscriber, that subscriber's rows. It says when a subscriber
 *   joins a bucket (first row) or leaves it (last row gone), so the distinct counts stay
 *   exact under inserts, updates and deletes; one row per subscriber and day is much
 *   smaller than the sessions.
 * The triggers write with the migration user's rights: the server's user only reads the
 * roll-ups (src/database/least-privilege.ts).
 *
 * Backfilled from the base tables: run it with writes stopped, like every migration here.
 * Dropping or truncating a sessions partition fires no trigger: take its days out of the
 * roll-ups in the same window (docs/performance.md).
 */
export class ReportRollups1764001100000 implements MigrationInterface {
  name = 'ReportRollups1764001100000';

  /** `backfillStep`: subscribers per backfill statement (tests make it small to cross chunk ends). */
  constructor(private readonly backfillStep = BACKFILL_SUBSCRIBERS) {}

  async up(q: QueryRunner): Promise<void> {
    for (const [table, sources] of Object.entries(ROLLUP_SOURCES)) {
      for (const sql of rollupObjects(table)) await q.query(sql);
      for (const trigger of triggers(table)) await q.query(trigger.sql);
      for (const source of sources) await backfill(q, table, source, this.backfillStep);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of Object.keys(ROLLUP_SOURCES)) {
      const { buckets, members } = rollupTables(table);
      for (const trigger of triggers(table)) await q.query(`DROP TRIGGER IF EXISTS ${trigger.name}`);
      for (const name of [members, buckets]) {
        if (!name) continue;
        await q.query(`DROP PROCEDURE IF EXISTS ${name}_add`);
        await q.query(`DROP TABLE IF EXISTS ${name}`);
      }
    }
  }
}
