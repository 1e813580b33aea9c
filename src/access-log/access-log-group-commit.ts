import type { DataSource } from 'typeorm';
import type { RequestStore } from '../common/request-store';
import { rootDataSource } from '../database/request-database';
import { isConnectionError } from '../database/connection-errors';
import {
  AccessLogAppendPath,
  countAccessLogEntriesFailed,
  countAccessLogAppend,
  countAccessLogEntriesWritten,
} from '../observability/access-log-metrics';
import type { AccessLogEntity } from './access-log.entity';
import {
  AccessBatch,
  ChainedBatches,
  ChainHead,
  chainAccessBatches,
  HEAD_FOR_UPDATE,
} from './access-log.service';
import { AccessLogConnection, accessLogConnectionOptions } from './access-log-connection';
import type { HeadPosition } from './access-log-insert';

interface Waiting {
  batch: AccessBatch;
  /** The appending request: the group's statements count as its leader's. */
  request?: RequestStore;
  resolve(rows: AccessLogEntity[]): void;
  reject(error: unknown): void;
}

/**
 * Group commit of the access log (docs/design.md section 3). Every append takes the chain's
 * head row lock, so appends one transaction each queue behind one another: the audited
 * page paid a transaction, a lock wait and five statements per request. Here the requests
 * of one process that append while a commit is under way wait for it to end and are then
 * written together, in one transaction, chained in arrival order. Nothing changes for a
 * request: its entries are committed before its response leaves (its promise resolves
 * only after the commit), and a failed commit fails it. An idle process commits a lone
 * request at once, without waiting.
 */
export class AccessLogGroupCommit {
  private queue: Waiting[] = [];
  private running = false;
  /**
   * Where this process last left the chain's head (its own appends', or its mutations'
   * once they commit), or null when that is not known (before the first append, after a
   * failed one, after another writer moved it).
   */
  private head: HeadPosition | null = null;
  /** Locked appends still to go before the next guarded one, after another writer's. */
  private lockedAhead = 0;

  private readonly connection: AccessLogConnection;

  constructor(db: DataSource) {
    this.connection = new AccessLogConnection(accessLogConnectionOptions(db));
  }

  append(batch: AccessBatch, request?: RequestStore): Promise<AccessLogEntity[]> {
    return new Promise((resolve, reject) => {
      this.queue.push({ batch, request, resolve, reject });
      if (!this.running) void this.drain();
    });
  }

  private async drain(): Promise<void> {
    this.running = true;
    try {
      while (this.queue.length > 0) {
        const group = this.queue;
        this.queue = [];
        await this.commit(group);
      }
    } finally {
      this.running = false;
    }
  }

  private async commit(group: Waiting[]): Promise<void> {
    try {
      const rows = await this.write(group);
      group.forEach((waiting, i) => waiting.resolve(rows[i]));
    } catch (error) {
      if (group.length === 1) {
        group[0].reject(error);
        return;
      }
      // One request's entries must not withhold the others' responses: each alone.
      for (const waiting of group) await this.commit([waiting]);
    }
  }

  /**
   * A head this process's own mutation left, its transaction committed: the next append
   * may chain on it in one packet. Ignored while a group is being written (that write
   * leaves the head itself) and when it would step back from a newer head known here;
   * a head adopted wrongly costs only a guarded append that writes nothing.
   */
  adopt(head: HeadPosition): void {
    if (this.running || (this.head && this.head.lastId >= head.lastId)) return;
    this.head = head;
  }

  /** Closes the log's connection; an append after this opens it again. */
  close(): Promise<void> {
    return this.connection.close();
  }

  /**
   * One transaction on the log's own connection. When this process wrote the head last,
   * in one packet: the head moved from where it was left (only if it is still there), the
   * entries and their groups, the commit. If another writer moved the head meanwhile
   * (another instance, a mutation's own transaction), the entries' insert fails before it
   * writes a row, and the append runs as below; so do the next few, as other writers are
   * busy. Otherwise in two: the head locked and read; then the entries, their groups, the
   * head and the commit.
   * A failure rolls back.
   */
  private async write(group: Waiting[]): Promise<AccessLogEntity[][]> {
    const batches = group.map((waiting) => waiting.batch);
    const counted = group[0].request;
    const connection = await this.connection.acquire();
    let chain: ChainedBatches | undefined;
    const known = this.head;
    this.head = null;
    try {
      if (known && this.lockedAhead === 0) {
        chain = chainAccessBatches(known, batches, { guarded: true });
        const guarded = [BEGIN_READ_COMMITTED, START, chain.headUpdateSql, ...chain.insertSqls, 'COMMIT'];
        try {
          await this.connection.run(connection, guarded);
          return this.written(chain, counted, guarded.length, 'guarded');
        } catch (error) {
          if (!isHeadMoved(error)) throw error;
          await connection.query('ROLLBACK');
          if (counted) counted.sqlStatements += guarded.length + 1;
          countAccessLogAppend('head_moved');
          this.lockedAhead = LOCKED_AFTER_ANOTHER_WRITER;
        }
      } else if (this.lockedAhead > 0) this.lockedAhead--;
      const begin = [BEGIN_READ_COMMITTED, START, HEAD_FOR_UPDATE];
      const heads = (await this.connection.run(connection, begin))[begin.length - 1];
      chain = chainAccessBatches((heads as ChainHead[])[0], batches);
      const write = [...chain.insertSqls, chain.headUpdateSql, 'COMMIT'];
      await this.connection.run(connection, write);
      return this.written(chain, counted, begin.length + write.length, 'locked');
    } catch (error) {
      if (chain) countAccessLogEntriesFailed(chain.count);
      if (isConnectionError(error)) connection.destroy();
      else await connection.query('ROLLBACK').catch(() => connection.destroy());
      throw error;
    } finally {
      connection.release();
    }
  }

  /** A committed group: the head it left, its statements and entries counted. */
  private written(
    chain: ChainedBatches,
    counted: RequestStore | undefined,
    statements: number,
    path: Exclude<AccessLogAppendPath, 'head_moved'>,
  ): AccessLogEntity[][] {
    this.head = chain.head;
    countAccessLogAppend(path);
    if (counted) counted.sqlStatements += statements;
    countAccessLogEntriesWritten(chain.count);
    return chain.batches;
  }
}

const BEGIN_READ_COMMITTED = 'SET TRANSACTION ISOLATION LEVEL READ COMMITTED';
const START = 'START TRANSACTION';

/** Appends that lock the head first after a guarded one found it moved by another writer. */
const LOCKED_AFTER_ANOTHER_WRITER = 8;

/** The guarded insert's refusal: its first row's previous hash came out NULL (ER_BAD_NULL_ERROR). */
function isHeadMoved(error: unknown): boolean {
  const { errno, sqlMessage } = error as { errno?: number; sqlMessage?: string };
  return errno === 1048 && /'prev_hash'/.test(sqlMessage ?? '');
}

const groups = new WeakMap<DataSource, AccessLogGroupCommit>();

/** The group commit of the shared data source behind `db` (a request's view or the pool). */
export function groupCommitFor(db: DataSource): AccessLogGroupCommit {
  const root = rootDataSource(db);
  let group = groups.get(root);
  if (!group) {
    const created = new AccessLogGroupCommit(root);
    groups.set(root, created);
    // The log's connection lives and dies with its data source: whoever destroys the pool
    // (the server's shutdown, a command, a test) closes it too, and nothing stays open.
    const destroy = root.destroy.bind(root);
    root.destroy = async () => {
      await created.close();
      return destroy();
    };
    group = created;
  }
  return group;
}
