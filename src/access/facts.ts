import DataLoader from 'dataloader';
import { primary } from '../database/read-routing';
import type { AppContext } from '../context';
import { clock } from '../common/clock';
import { DataCategory } from './categories';
import type { ExceptionFact, SubscriberFacts, VerificationFact } from './decisions';

/**
 * The gate facts of subscribers (docs/design.md section 2, "The billing gate"): their
 * identity verifications still valid and their ACTIVE disclosure exceptions not yet
 * expired, loaded per request through one DataLoader (docs/design.md section 7: one loader per
 * policy fact), so a page of 50 subscribers costs one statement for both facts, not 50.
 */
// Always read from the primary, never a replica: a replica lagging behind a revoked or
// rejected exception would still open the gate (fail closed beats read scaling here).
function factsLoader(ctx: AppContext): DataLoader<string, SubscriberFacts> {
  return ctx.loaders.get(
    'access.subscriberFacts',
    () =>
      new DataLoader(async (ids: readonly string[]) => {
        const now = clock.now();
        const placeholders = ids.map(() => '?').join(', ');
        // Both facts in one statement (one round trip, one parse): a row is a verification
        // ('V') or an exception ('E'), with the other kind's columns NULL.
        const rows = (await primary(ctx).query(
          `SELECT 'V' AS kind, subscriber_id, granted_to, verified_at, valid_until,
                  NULL AS id, NULL AS basis, NULL AS categories, NULL AS status,
                  NULL AS requested_by, NULL AS approved_by
             FROM identity_verifications
            WHERE subscriber_id IN (${placeholders}) AND valid_until > ?
           UNION ALL
           SELECT 'E', subscriber_id, NULL, NULL, valid_until,
                  id, basis, categories, status, requested_by, approved_by
             FROM disclosure_exceptions
            WHERE subscriber_id IN (${placeholders}) AND status = 'ACTIVE' AND valid_until > ?`,
          [...ids, now, ...ids, now],
        )) as Record<string, unknown>[];
        const verifications = rows.filter((row) => row.kind === 'V');
        const exceptions = rows.filter((row) => row.kind === 'E');
        const facts = new Map<string, SubscriberFacts>(
          ids.map((id) => [id, { verifications: [], exceptions: [] }]),
        );
        for (const row of verifications) {
          const fact: VerificationFact = {
            grantedTo: String(row.granted_to),
            verifiedAt: row.verified_at as Date,
            validUntil: row.valid_until as Date,
          };
          facts.get(String(row.subscriber_id))?.verifications.push(fact);
        }
        for (const row of exceptions) {
          const fact: ExceptionFact = {
            id: String(row.id),
            basis: row.basis as ExceptionFact['basis'],
            active: row.status === 'ACTIVE',
            categories: String(row.categories).split(',').filter(Boolean) as DataCategory[],
            requestedBy: String(row.requested_by),
            approvedBy: row.approved_by === null ? null : String(row.approved_by),
            validUntil: row.valid_until as Date,
          };
          facts.get(String(row.subscriber_id))?.exceptions.push(fact);
        }
        return ids.map((id) => facts.get(id)!);
      }),
  );
}

export function subscriberFacts(ctx: AppContext, subscriberId: string): Promise<SubscriberFacts> {
  return factsLoader(ctx).load(subscriberId);
}
