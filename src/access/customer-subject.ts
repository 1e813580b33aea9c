import type { AppContext } from '../context';
import { ROLE_TRAITS } from './policy-table';
import { factSources } from './fact-sources';

/**
 * docs/design.md section 2, "Actor ids": a CUSTOMER's `sub` must be the id of an existing
 * subscriber, else the token is refused (TOKEN_INVALID). The canonical form is checked
 * at authentication (auth/subject.ts); existence needs the database, so it is asked here,
 * by the operation rule of every root field a CUSTOMER calls, once per request.
 *
 * The subscriber module answers (`subscriberExists`, subscriber.loaders.ts) without a
 * statement of its own in a query.
 */
export async function customerSubjectExists(ctx: AppContext): Promise<boolean> {
  const identity = ctx.identity;
  if (!identity || !ROLE_TRAITS[identity.role].selfScoped) return true;
  return factSources().subscriberExists(ctx, identity.actorId);
}
