import DataLoader from 'dataloader';
import { clock } from '../../common/clock';
import { primary } from '../../database/read-routing';
import { idTable, idTableParam } from '../../database/id-table';
import type { AppContext } from '../../context';
import type { DataCategory } from '../../access/categories';
import type { ExceptionFact, SubscriberFacts, VerificationFact } from '../../access/decisions';

export function toVerificationFact(row: Record<string, unknown>): VerificationFact {
  return {
    grantedTo: String(row.granted_to),
    verifiedAt: row.verified_at as Date,
    validUntil: row.valid_until as Date,
  };
}

function toExceptionFact(row: Record<string, unknown>): ExceptionFact {
  return {
    id: String(row.id),
    basis: row.basis as ExceptionFact['basis'],
    active: row.status === 'ACTIVE',
    categories: String(row.categories).split(',').filter(Boolean) as DataCategory[],
    requestedBy: String(row.requested_by),
    approvedBy: row.approved_by === null ? null : String(row.approved_by),
    validUntil: row.valid_until as Date,
  };
}

/**
 * The billing gate's facts of subscribers (docs/design.md section 2, "The billing gate"):
 * identity verifications still valid and ACTIVE disclosure exceptions not yet expired, for
 * access/facts.ts. One DataLoader per request (docs/design.md section 7), and both facts in
 * one statement: a page of 50 subscribers costs one round trip and one parse, not two or 100,
 * and each table is read by one index look-up per subscriber (database/id-table.ts).
 * A row is a verification ('V') or an exception ('E'), the other kind's columns NULL.
 * Always read from the primary: a replica lagging behind a revoked or rejected exception
 * would still open the gate (fail closed beats read scaling here).
 */
export function gateFacts(ctx: AppContext, subscriberId: string): Promise<SubscriberFacts> {
  const loader = ctx.loaders.get(
    'access.gateFacts',
    () =>
      new DataLoader(async (ids: readonly string[]) => {
        const now = clock.now();
        const owners = idTableParam(ids);
        const rows: Record<string, unknown>[] = await primary(ctx).query(
          `SELECT 'V' AS kind, v.subscriber_id, v.granted_to, v.verified_at, v.valid_until,
                  NULL AS id, NULL AS basis, NULL AS categories, NULL AS status,
                  NULL AS requested_by, NULL AS approved_by
             FROM ${idTable('j')}
             JOIN identity_verifications v ON v.subscriber_id = j.id AND v.valid_until > ?
           UNION ALL
           SELECT 'E', e.subscriber_id, NULL, NULL, e.valid_until,
                  e.id, e.basis, e.categories, e.status, e.requested_by, e.approved_by
             FROM ${idTable('j')}
             JOIN disclosure_exceptions e
               ON e.subscriber_id = j.id AND e.status = 'ACTIVE' AND e.valid_until > ?`,
          [owners, now, owners, now],
        );
        const facts = new Map<string, SubscriberFacts>(
          ids.map((id) => [id, { verifications: [], exceptions: [] }]),
        );
        for (const row of rows) {
          const owner = facts.get(String(row.subscriber_id));
          if (row.kind === 'V') owner?.verifications.push(toVerificationFact(row));
          else owner?.exceptions.push(toExceptionFact(row));
        }
        return ids.map((id) => facts.get(id)!);
      }),
  );
  return loader.load(subscriberId);
}
