import type { EntityManager } from 'typeorm';
import type { AppContext } from '../context';
import { noteWrite } from '../database/replication';
import { isConnectionError } from '../database/connection-errors';

/**
 * Runs a mutation's writes in one transaction (READ COMMITTED is InnoDB's safest choice
 * for short writes with row locks). Nothing is half-written: any error rolls all back.
 */
export async function inTransaction<T>(
  ctx: AppContext,
  work: (manager: EntityManager) => Promise<T>,
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    let started = false;
    try {
      const result = await ctx.db.transaction('READ COMMITTED', (manager) => {
        started = true;
        return work(manager);
      });
      await noteWrite(ctx); // read-your-writes on replicas (no-op without them)
      return result;
    } catch (error) {
      // A pooled connection that died with a restarted server fails at START TRANSACTION,
      // before anything was sent: safe to take the next one. Later failures are not retried.
      if (started || !isConnectionError(error) || attempt >= STALE_CONNECTION_RETRIES) throw error;
    }
  }
}

const STALE_CONNECTION_RETRIES = 10;

/** MySQL duplicate-key error on a given unique index. */
export function isDuplicateKey(error: unknown, index?: string): boolean {
  const err = error as {
    code?: string;
    driverError?: { code?: string; sqlMessage?: string };
    message?: string;
  };
  const code = err.code ?? err.driverError?.code;
  if (code !== 'ER_DUP_ENTRY') return false;
  if (!index) return true;
  const message = err.driverError?.sqlMessage ?? err.message ?? '';
  return message.includes(index);
}
