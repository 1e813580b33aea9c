import type { DataSource } from 'typeorm';
import type { RequestStore } from '../common/request-store';
import { requestDataSource, rootDataSource } from '../database/request-database';
import type { AccessLogEntity } from './access-log.entity';
import { appendAccessBatches, AccessBatch } from './access-log.service';

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

  constructor(private readonly db: DataSource) {}

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

  private write(group: Waiting[]): Promise<AccessLogEntity[][]> {
    const leader = group[0].request;
    const db = leader ? requestDataSource(this.db, leader) : this.db;
    return db.transaction('READ COMMITTED', (manager) =>
      appendAccessBatches(
        manager,
        group.map((waiting) => waiting.batch),
      ),
    );
  }
}

const groups = new WeakMap<DataSource, AccessLogGroupCommit>();

/** The group commit of the shared data source behind `db` (a request's view or the pool). */
export function groupCommitFor(db: DataSource): AccessLogGroupCommit {
  const root = rootDataSource(db);
  let group = groups.get(root);
  if (!group) {
    group = new AccessLogGroupCommit(root);
    groups.set(root, group);
  }
  return group;
}
