import type { AppContext } from '../context';
import { NO_FACTS, SubscriberFacts } from './decisions';

/**
 * The gate facts (verifications, disclosure exceptions) of one subscriber for this
 * request. Until identity verification and disclosure exceptions exist, there are none,
 * so every BILLING read is denied with ID_VERIFICATION_REQUIRED.
 */
export async function subscriberFacts(_ctx: AppContext, _subscriberId: string): Promise<SubscriberFacts> {
  return NO_FACTS;
}
