import type { GraphQLResolveInfo } from 'graphql';
import type { IMiddlewareFunction, IMiddlewareTypeMap } from 'graphql-middleware';
import type { AppContext } from '../context';
import type { Decision } from './decisions';
import type { TableCategory } from './policy-table';
import { decideForRow, decisionNow, toRuleResult } from './rules';
import { isSubscriberData, noteRead } from './recorder';

/**
 * The row gate (docs/design.md sections 2, 3 and 7): every field whose category is decided
 * apart from its type's is served only on the decision for the subscriber that owns the
 * parent row, and each read that decision must log is noted for the access log. One
 * function does both, so what is served and what is logged cannot disagree.
 *
 * The decision is made once per (category, subscriber) in a request (access/rules.ts).
 * Once made, a field is decided and noted without a promise of its own: an audited page
 * of 50 subscribers with their payments reads about 600 gated fields, and the gate costs
 * them a map lookup each. A denied field's resolver never runs.
 */

/** Objects served by the API carry the id of the subscriber they belong to. */
interface Owned {
  subscriberId?: string | null;
}

type Resolve = (parent: unknown, args: unknown, ctx: AppContext, info: GraphQLResolveInfo) => unknown;

/** A field middleware as graphql-middleware calls it. */
type Gate = (
  resolve: Resolve,
  parent: Owned | null,
  args: unknown,
  ctx: AppContext,
  info: GraphQLResolveInfo,
) => unknown;

const isPromiseLike = (value: unknown): value is PromiseLike<unknown> =>
  typeof (value as PromiseLike<unknown> | null)?.then === 'function';

function gateFor(qualified: string, category: TableCategory): IMiddlewareFunction {
  const logged = isSubscriberData(category) ? category : null;

  const serve = (decision: Decision, ...[resolve, parent, args, ctx, info]: Parameters<Gate>): unknown => {
    const allowed = toRuleResult(decision, ctx);
    if (allowed !== true) throw allowed;
    const value = resolve(parent, args, ctx, info);
    const ownerId = parent?.subscriberId;
    if (!logged || !ownerId || !ctx.identity) return value;
    // Noted once the field resolved: a read that failed served nothing.
    if (isPromiseLike(value)) {
      return Promise.resolve(value).then((resolved) => {
        noteRead(ctx, qualified, logged, ownerId, decision, info);
        return resolved;
      });
    }
    noteRead(ctx, qualified, logged, ownerId, decision, info);
    return value;
  };

  const gate: Gate = (resolve, parent, args, ctx, info) => {
    const ownerId = parent?.subscriberId ?? null;
    const decided = decisionNow(ctx, category, ownerId);
    if (decided) return serve(decided, resolve, parent, args, ctx, info);
    return decideForRow(ctx, category, ownerId).then((decision) =>
      serve(decision, resolve, parent, args, ctx, info),
    );
  };
  return gate as IMiddlewareFunction;
}

/** The middleware of the row-gated fields, keyed `Type.field` with their category. */
export function rowGateMiddleware(gated: ReadonlyMap<string, TableCategory>): IMiddlewareTypeMap {
  const map: Record<string, Record<string, IMiddlewareFunction>> = {};
  for (const [qualified, category] of gated) {
    const [typeName, fieldName] = qualified.split('.');
    map[typeName] ??= {};
    map[typeName][fieldName] = gateFor(qualified, category);
  }
  return map as IMiddlewareTypeMap;
}
