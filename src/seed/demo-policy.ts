import type { PoolConnection } from 'mysql2/promise';
import { DAY_MS } from '../common/clock';

const NOTICE_DAYS = 30;
const ADDED_PARAGRAPH =
  'You may also review and correct your contact information and communication preferences in the KacMac customer app.';

/**
 * A second policy version next to the one the migrations publish, posted ten days before
 * the seed's `now` with the 30-day notice: demo data then has a version history, and
 * (until it takes effect) an upcoming version. Added once: a database that already has
 * more than the first version is left as it is. Returns the number of rows written.
 */
export async function seedPolicyVersion(connection: PoolConnection, now: Date): Promise<number> {
  const [rows] = await connection.query('SELECT version, body FROM policy_versions ORDER BY version');
  const versions = rows as { version: number; body: string }[];
  if (versions.length !== 1) return 0;
  const postedAt = new Date(now.getTime() - 10 * DAY_MS);
  await connection.query(
    `INSERT INTO policy_versions (version, body, summary, posted_by, posted_at, effective_at)
     VALUES (?, ?, ?, ?, ?, ?)`,
    [
      Number(versions[0].version) + 1,
      `${versions[0].body.trimEnd()}\n${ADDED_PARAGRAPH}\n`,
      'Corrections can also be made in the customer app',
      'compliance-1',
      postedAt,
      new Date(postedAt.getTime() + NOTICE_DAYS * DAY_MS),
    ],
  );
  return 1;
}
