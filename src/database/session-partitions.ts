import type { DataSource, EntityManager } from 'typeorm';

/**
 * Sessions are partitioned by month of `started_at` (docs/design.md section 8, docs/scaling.md):
 * `p_before` holds everything older than the first month, one partition per month
 * (`pYYYYMM`, rows of that UTC month), and `p_future` (MAXVALUE) catches anything later, so
 * an insert never fails for want of a partition. This job splits `p_future` into the next
 * months ahead of time, while it is still empty, which costs no row copy. Safe to re-run and
 * to run from several instances at once (one holds a named lock, the others skip).
 */
export const SESSION_PARTITION_LOCK = 'kacmac_session_partitions';

type Runner = Pick<EntityManager, 'query'> | Pick<DataSource, 'query'>;

export function partitionName(year: number, month: number): string {
  return `p${year}${String(month).padStart(2, '0')}`;
}

/** `VALUES LESS THAN` bound of a month's partition: the first instant of the next month. */
export function monthBound(year: number, month: number): string {
  const next = new Date(Date.UTC(year, month, 1)); // month is 1-based, so this is the next one
  return `'${next.toISOString().slice(0, 10)} 00:00:00'`;
}

/** The monthly partitions from (year, month) through (toYear, toMonth), as SQL. */
export function monthlyPartitions(year: number, month: number, toYear: number, toMonth: number): string[] {
  const parts: string[] = [];
  for (
    let y = year, m = month;
    y < toYear || (y === toYear && m <= toMonth);
    m === 12 ? ((m = 1), y++) : m++
  ) {
    parts.push(`PARTITION ${partitionName(y, m)} VALUES LESS THAN (${monthBound(y, m)})`);
  }
  return parts;
}

/** The newest monthly partition, or null when the table is not partitioned. */
async function newestMonth(db: Runner): Promise<{ year: number; month: number } | null> {
  const rows: { name: string }[] = await db.query(
    `SELECT PARTITION_NAME AS name FROM information_schema.PARTITIONS
     WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'sessions' AND PARTITION_NAME REGEXP '^p[0-9]{6}$'
     ORDER BY PARTITION_NAME DESC LIMIT 1`,
  );
  if (rows.length === 0) return null;
  return { year: Number(rows[0].name.slice(1, 5)), month: Number(rows[0].name.slice(5, 7)) };
}

/**
 * Makes sure monthly partitions exist through `monthsAhead` months after `now`. Returns the
 * partitions it added. Refuses to split `p_future` if rows already landed there (that would
 * copy them under a table lock): the operator runs it in a quiet hour instead, see docs.
 */
export async function ensureSessionPartitions(db: DataSource, now: Date, monthsAhead = 3): Promise<string[]> {
  const target = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + monthsAhead, 1));
  const [lock] = await db.query('SELECT GET_LOCK(?, 0) AS got', [SESSION_PARTITION_LOCK]);
  if (Number(lock.got) !== 1) return [];
  try {
    const newest = await newestMonth(db);
    if (!newest) return [];
    const first =
      newest.month === 12
        ? { year: newest.year + 1, month: 1 }
        : { year: newest.year, month: newest.month + 1 };
    const parts = monthlyPartitions(
      first.year,
      first.month,
      target.getUTCFullYear(),
      target.getUTCMonth() + 1,
    );
    if (parts.length === 0) return [];
    const [future] = await db.query(`SELECT COUNT(*) AS n FROM sessions PARTITION (p_future)`);
    if (Number(future.n) > 0) {
      throw new Error('sessions partition p_future holds rows: split it in a quiet hour (docs/scaling.md)');
    }
    await db.query(
      `ALTER TABLE sessions REORGANIZE PARTITION p_future INTO (${parts.join(', ')},
         PARTITION p_future VALUES LESS THAN (MAXVALUE))`,
    );
    return parts.map((part) => part.split(' ')[1]);
  } finally {
    await db.query('SELECT RELEASE_LOCK(?)', [SESSION_PARTITION_LOCK]);
  }
}
