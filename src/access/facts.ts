import type { AppContext } from '../context';
import type { SubscriberFacts } from './decisions';
import { factSources } from './fact-sources';

/**
 * The gate facts of subscribers (docs/design.md section 2, "The billing gate"): their
 * identity verifications still valid and their ACTIVE disclosure exceptions not yet
 * expired, loaded per request through one DataLoader per fact (docs/design.md section 7:
 * one loader per policy fact), so a page of 50 subscribers costs one statement per fact,
 * not 50. The identity and disclosure modules read them (always from the primary: a replica
 * lagging behind a revoked or rejected exception would still open the gate).
 */
export async function subscriberFacts(ctx: AppContext, subscriberId: string): Promise<SubscriberFacts> {
  const sources = factSources();
  const [verifications, exceptions] = await Promise.all([
    sources.validVerifications(ctx, subscriberId),
    sources.activeExceptions(ctx, subscriberId),
  ]);
  return { verifications, exceptions };
}
