import { EventSubscriber } from 'typeorm';
import type {
  EntitySubscriberInterface,
  QueryRunner,
  TransactionCommitEvent,
  TransactionRollbackEvent,
} from 'typeorm';
import { groupCommitFor } from './access-log-group-commit';
import type { HeadPosition } from './access-log-insert';

const PENDING_HEAD = 'accessLogHeadPending';

/**
 * Where a mutation's own append (in its transaction, on the pool) leaves the chain's head
 * once that transaction commits. Without it, the process's next read append found the
 * head moved by its own mutation: its one packet wrote nothing, and it and the next eight
 * appends locked the head first (access-log-group-commit.ts).
 */
export function noteAccessLogHeadPending(runner: QueryRunner | undefined, head: HeadPosition): void {
  if (runner) runner.data[PENDING_HEAD] = head;
}

@EventSubscriber()
export class AccessLogHeadSubscriber implements EntitySubscriberInterface {
  afterTransactionCommit(event: TransactionCommitEvent): void {
    const head = event.queryRunner.data[PENDING_HEAD] as HeadPosition | undefined;
    delete event.queryRunner.data[PENDING_HEAD];
    if (head) groupCommitFor(event.queryRunner.connection).adopt(head);
  }

  afterTransactionRollback(event: TransactionRollbackEvent): void {
    delete event.queryRunner.data[PENDING_HEAD];
  }
}
