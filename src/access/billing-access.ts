import type { AppContext } from '../context';
import { DataCategory } from './categories';
import type { Decision } from './decisions';
import { decideForRow } from './rules';

/**
 * `Subscriber.billingAccess` (docs/design.md section 2, "The billing gate"): the very decision
 * the shield makes for the subscriber's BILLING fields, answered as data so that the
 * customer app can ask for a verification first. Never an error.
 */
export function billingAccessFor(ctx: AppContext, subscriberId: string): Promise<Decision> {
  return decideForRow(ctx, DataCategory.BILLING, subscriberId);
}
