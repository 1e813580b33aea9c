import type { DataSource } from 'typeorm';
import {
  APPEND_ONLY_TRIGGERS,
  DROP_APPEND_ONLY_TRIGGERS,
} from '../../migrations/1764001700000-NarrowAccessLog';

/**
 * Plays someone who owns the database (root, as in the attack of issue 10): drops the
 * triggers that keep the access log's two tables append-only, edits them, then puts the triggers back.
 * The keyed chain, not the triggers, is what must catch such an edit.
 */
export async function asDatabaseOwner<T>(db: DataSource, edit: () => Promise<T>): Promise<T> {
  for (const sql of DROP_APPEND_ONLY_TRIGGERS) await db.query(sql);
  try {
    return await edit();
  } finally {
    for (const sql of APPEND_ONLY_TRIGGERS) await db.query(sql);
  }
}
