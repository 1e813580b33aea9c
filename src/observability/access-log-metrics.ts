import { EventSubscriber } from 'typeorm';
import type {
  EntitySubscriberInterface,
  QueryRunner,
  TransactionCommitEvent,
  TransactionRollbackEvent,
} from 'typeorm';
import { metrics } from './metrics';

const PENDING = 'accessLogEntriesPending';

/**
 * Access-log entries count as written when their transaction commits (a mutation's
 * entries are rolled back with it when it fails), and as failed when their insert throws.
 */
export function noteAccessLogEntriesPending(runner: QueryRunner | undefined, count: number): void {
  if (!runner) return;
  runner.data[PENDING] = ((runner.data[PENDING] as number | undefined) ?? 0) + count;
}

export function countAccessLogEntriesWritten(count: number): void {
  metrics().accessLogEntries.inc({ result: 'written' }, count);
}

export function countAccessLogEntriesFailed(count: number): void {
  metrics().accessLogEntries.inc({ result: 'failed' }, count);
}

/** How a group commit of reads went (access-log-group-commit.ts). */
export type AccessLogAppendPath = 'guarded' | 'locked' | 'head_moved';

export function countAccessLogAppend(path: AccessLogAppendPath): void {
  metrics().accessLogAppends.inc({ path });
}

@EventSubscriber()
export class AccessLogMetricsSubscriber implements EntitySubscriberInterface {
  afterTransactionCommit(event: TransactionCommitEvent): void {
    const pending = event.queryRunner.data[PENDING] as number | undefined;
    if (pending) countAccessLogEntriesWritten(pending);
    delete event.queryRunner.data[PENDING];
  }

  afterTransactionRollback(event: TransactionRollbackEvent): void {
    delete event.queryRunner.data[PENDING];
  }
}
