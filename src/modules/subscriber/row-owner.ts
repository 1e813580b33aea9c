import type { EntityManager } from 'typeorm';
import type { OwnedTable } from '../../access/mutation-guards';

/**
 * The subscriber a ticket, disclosure exception or retention hold belongs to, for the
 * mutation guard's `ownerOf` targets (access/mutation-guards.ts); null when there is no
 * such row. Read in the mutation's transaction. Every owned table keys its owner as
 * `subscriber_id`; the table name comes from the closed `OwnedTable` list, never from input.
 */
export async function rowOwner(
  manager: EntityManager,
  table: OwnedTable,
  rowId: string,
): Promise<string | null> {
  const [row] = await manager.query(`SELECT subscriber_id FROM ${table} WHERE id = ?`, [rowId]);
  return row ? String(row.subscriber_id) : null;
}
