import type { DataSource } from 'typeorm';
import type { RequestStore } from '../common/request-store';
import { rootDataSource } from '../database/request-database';
import { isConnectionError } from '../database/connection-errors';
import {
  countAccessLogEntriesFailed,
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

  /** Closes the log's connection; an append after this opens it again. */
  close(): Promise<void> {
    return this.connection.close();
  }

  /**
   * One transaction in two packets on the log's own connection: the isolation, the begin
   * and the head's lock; then the rows, the head and the commit. A failure rolls back.
   */
  private async write(group: Waiting[]): Promise<AccessLogEntity[][]> {
    const batches = group.map((waiting) => waiting.batch);
    const counted = group[0].request;
    const connection = await this.connection.acquire();
    let chain: ChainedBatches | undefined;
    try {
      const begin = ['SET TRANSACTION ISOLATION LEVEL READ COMMITTED', 'START TRANSACTION', HEAD_FOR_UPDATE];
      const heads = (await this.connection.run(connection, begin))[begin.length - 1];
      chain = chainAccessBatches((heads as ChainHead[])[0], batches);
      const write = [chain.insertSql, chain.headUpdateSql, 'COMMIT'];
      await this.connection.run(connection, write);
      if (counted) counted.sqlStatements += begin.length + write.length;
      countAccessLogEntriesWritten(chain.count);
      return chain.batches;
    } catch (error) {
      if (chain) countAccessLogEntriesFailed(chain.count);
      if (isConnectionError(error)) connection.destroy();
      else await connection.query('ROLLBACK').catch(() => connection.destroy());
      throw error;
    } finally {
      connection.release();
    }
  }
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
