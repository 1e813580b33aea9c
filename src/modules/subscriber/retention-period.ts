import { config } from '../../config';
import { addMonthsUtc } from '../../common/clock';

/** Policy: personal information is deleted "twelve months after the account is cancelled". */
export function retentionEndsAt(cancelledAt: Date, months = config().RETENTION_MONTHS): Date {
  return addMonthsUtc(cancelledAt, months);
}

/** Has the retention period of an account cancelled at `cancelledAt` run out at `now`? */
export function retentionHasEnded(cancelledAt: Date, now: Date): boolean {
  return retentionEndsAt(cancelledAt).getTime() <= now.getTime();
}
