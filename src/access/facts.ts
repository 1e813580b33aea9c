import type { AppContext } from '../context';
import type { SubscriberFacts } from './decisions';
import { factSources } from './fact-sources';

/**
 * The gate facts of a subscriber (docs/design.md section 2, "The billing gate"): its
 * identity verifications still valid and its ACTIVE disclosure exceptions not yet expired.
 * The subscriber module reads them (modules/subscriber/gate-facts.loaders.ts): one statement
 * for both facts per page of subscribers, per request, always from the primary.
 */
export function subscriberFacts(ctx: AppContext, subscriberId: string): Promise<SubscriberFacts> {
  return factSources().gateFacts(ctx, subscriberId);
}
