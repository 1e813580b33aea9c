import type { DataSource, EntityManager, QueryRunner } from 'typeorm';
import type { AppContext } from '.';
import type { AccessRecord } from '../access-log/access-log.service';
import { isConnectionError } from '../database/connection-errors';

/** How many dead pooled connections a transaction may pass over before giving up. */
const STALE_CONNECTION_RETRIES = 10;

/**
 * The one transaction of a mutation request (docs/design.md section 3): every root field's
 * change, the account lock its guard takes, the access-log entries of the change and
 * those of the read-back of its result are written on one connection and committed
 * together when the response is ready, or not at all. Each root field runs under a
 * savepoint, so a field that fails leaves the fields before it intact.
 *
 * READ COMMITTED is InnoDB's safest choice for short writes with row locks. The
 * connection is taken lazily: a request that never writes never holds one.
 */
export class RequestTransaction {
  private runner: QueryRunner | null = null;
  private savepoints = 0;
  /** The access-log entries of the changes made so far, written with the reads at commit. */
  private changes: AccessRecord[] = [];

  constructor(private readonly db: DataSource) {}

  /** The transaction's manager, once it has begun; null before. */
  get manager(): EntityManager | null {
    return this.runner?.manager ?? null;
  }

  /** Begins the transaction on first use and answers its manager. */
  async begin(): Promise<EntityManager> {
    for (let attempt = 1; !this.runner; attempt++) {
      const runner = this.db.createQueryRunner('master');
      try {
        await runner.connect();
        await runner.startTransaction('READ COMMITTED');
        this.runner = runner;
      } catch (error) {
        await runner.release();
        // A pooled connection that died with a restarted server fails here, before anything
        // of the request was sent: safe to take the next one (docs/scaling.md).
        if (!isConnectionError(error) || attempt >= STALE_CONNECTION_RETRIES) throw error;
      }
    }
    return this.runner.manager;
  }

  /**
   * Notes the access-log entries of a change (docs/design.md section 3: every change of contact
   * or billing data and every compliance action). They are appended at commit, in this
   * transaction, so the change and its entries are stored together or not at all.
   */
  logChange(records: AccessRecord[]): void {
    if (!this.runner) throw new Error('A change is logged inside the transaction that makes it');
    this.changes.push(...records);
  }

  /** Runs `work` under a savepoint: if it throws, what it wrote is rolled back, the rest stays. */
  async savepoint<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    const manager = await this.begin();
    const name = `root_field_${++this.savepoints}`;
    const loggedBefore = this.changes.length;
    await manager.query(`SAVEPOINT ${name}`);
    try {
      // Names are unique within the request, so a savepoint is left to the commit to release.
      return await work(manager);
    } catch (error) {
      await manager.query(`ROLLBACK TO SAVEPOINT ${name}`);
      this.changes.length = loggedBefore;
      throw error;
    }
  }

  /**
   * Runs `writeLog` (the access-log append of the changes and the reads) in the
   * transaction, then commits. If either fails, everything is rolled back and the error is
   * passed on: nothing was stored.
   */
  async commit(writeLog: (manager: EntityManager, changes: AccessRecord[]) => Promise<void>): Promise<void> {
    const runner = this.runner;
    if (!runner) return;
    this.runner = null;
    const changes = this.changes;
    this.changes = [];
    try {
      await writeLog(runner.manager, changes);
      await runner.commitTransaction();
    } catch (error) {
      if (runner.isTransactionActive) await runner.rollbackTransaction().catch(() => undefined);
      throw error;
    } finally {
      await runner.release();
    }
  }

  /** Rolls back whatever was written and gives the connection back. */
  async rollback(): Promise<void> {
    const runner = this.runner;
    if (!runner) return;
    this.runner = null;
    this.changes = [];
    try {
      if (runner.isTransactionActive) await runner.rollbackTransaction();
    } finally {
      await runner.release();
    }
  }
}

/**
 * Runs writes in the request's transaction (docs/design.md section 3). Within a request it
 * joins the one transaction of the request, so the change commits with its log entries;
 * the mutation guard has already locked the account there.
 */
export async function inTransaction<T>(
  ctx: Pick<AppContext, 'transaction'>,
  work: (manager: EntityManager) => Promise<T>,
): Promise<T> {
  return work(await ctx.transaction.begin());
}

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
