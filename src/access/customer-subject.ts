import DataLoader from 'dataloader';
import type { AppContext } from '../context';
import { Role } from '../auth/roles';
import { subscriberById } from '../modules/subscriber/subscriber.loaders';

/**
 * docs/design.md section 2, "Actor ids": a CUSTOMER's `sub` must be the id of an existing
 * subscriber, else the token is refused (TOKEN_INVALID). The canonical form is checked
 * at authentication (auth/subject.ts); existence needs the database, so it is asked here,
 * by the operation rule of every root field a CUSTOMER calls, once per request.
 *
 * In a query the answer comes from the request's subscriber loader, the same read that
 * `me` and `SupportTicket.subscriber` use, so the check costs no statement of its own
 * there. A mutation asks the primary with a primary-key look-up that primes nothing: the
 * mutation may change the subscriber, and its read-back must not see the row as it was
 * before. Subscriber rows are never deleted (a purge keeps the identifiers), so a replica
 * can only lag towards refusing, never towards admitting an id that does not exist.
 */
export async function customerSubjectExists(ctx: AppContext): Promise<boolean> {
  const identity = ctx.identity;
  if (!identity || identity.role !== Role.CUSTOMER) return true;
  if (ctx.readOnly) return (await subscriberById(ctx).load(identity.actorId)) !== null;
  return primaryLookup(ctx).load(identity.actorId);
}

function primaryLookup(ctx: AppContext): DataLoader<string, boolean> {
  return ctx.loaders.get(
    'access.customerSubject',
    () =>
      new DataLoader(async (ids: readonly string[]) => {
        const rows: { id: string | number }[] = await ctx.db.query(
          `SELECT id FROM subscribers WHERE id IN (${ids.map(() => '?').join(', ')})`,
          [...ids],
        );
        const found = new Set(rows.map((row) => String(row.id)));
        return ids.map((id) => found.has(id));
      }),
  );
}
