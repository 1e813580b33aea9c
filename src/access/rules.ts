import { rule } from 'graphql-shield';
import type { GraphQLResolveInfo } from 'graphql';
import type { AppContext } from '../context';
import { clock } from '../common/clock';
import { AppError, ForbiddenError, NotFoundError, Reason, UnauthenticatedError } from '../common/errors';
import { Decision, decideCategory, decideOperation, NO_FACTS } from './decisions';
import { subscriberFacts } from './facts';
import { customerSubjectExists } from './customer-subject';
import { CATEGORY_ACCESS, isFactAccess, isRoleAccess, TableCategory } from './policy-table';
import type { OperationAccess } from './operations';

/**
 * The shield rules: thin adapters from GraphQL resolution to the pure decisions of
 * access/decisions.ts. A rule answers `true` or the AppError that explains the denial.
 */

/** Objects served by the API carry the id of the subscriber they belong to. */
interface Owned {
  id?: string;
  subscriberId?: string | null;
}

export function toRuleResult(decision: Decision, ctx: AppContext, what = 'Subscriber'): true | AppError {
  if (decision.allowed) return true;
  switch (decision.reason) {
    case Reason.TOKEN_MISSING:
      return ctx.auth.tokenError ?? new UnauthenticatedError(Reason.TOKEN_MISSING);
    case Reason.NOT_FOUND:
      return new NotFoundError(what);
    default:
      return new ForbiddenError(decision.reason);
  }
}

/**
 * docs/design.md section 7: a rule that depends on the row is cached per row id, never per
 * request. Where the caller's role decides every row of the category alike (a cell of
 * `yes` or `no`, or no identity at all), the one decision is cached for the request: the
 * dashboard's 50 subscribers then cost one evaluation per category instead of 50.
 */
function decisionCacheKey(category: TableCategory) {
  return (parent: Owned | null, _args: unknown, ctx: AppContext, info: GraphQLResolveInfo): string =>
    !ctx.identity || isRoleAccess(CATEGORY_ACCESS[category][ctx.identity.role])
      ? 'any row'
      : `${info.parentType.name}:${parent?.id ?? ''}`;
}

type ShieldRule = ReturnType<ReturnType<typeof rule>>;

const operationRules = new Map<string, ShieldRule>();

/**
 * One rule per root operation (access/operations.ts); identity only, so cached per request.
 * A CUSTOMER's subscriber must exist (access/customer-subject.ts) for any operation that
 * needs a token.
 */
export function operationRule(
  root: 'Query' | 'Mutation',
  field: string,
  access: OperationAccess,
): ShieldRule {
  const name = `operation:${root}.${field}`;
  let existing = operationRules.get(name);
  if (!existing) {
    const roles = 'public' in access ? ('public' as const) : access.roles;
    existing = rule(name, { cache: 'contextual' })(async (_parent, _args, ctx: AppContext) => {
      const decided = toRuleResult(decideOperation(ctx.identity, roles), ctx);
      if (decided !== true || roles === 'public') return decided;
      return (await customerSubjectExists(ctx)) ? true : new UnauthenticatedError(Reason.TOKEN_INVALID);
    });
    operationRules.set(name, existing);
  }
  return existing;
}

/** Does any role reach `category` through facts (gate or exception) rather than role alone? */
export function needsFacts(category: TableCategory, ctx: AppContext): boolean {
  if (!ctx.identity) return false;
  return isFactAccess(CATEGORY_ACCESS[category][ctx.identity.role]);
}

/**
 * The decision for one row of subscriber `ownerId` (docs/design.md section 2): the shield rule
 * and the access recorder both ask here, so what is served and what is logged agree.
 * The facts come from the request's loader: asking twice costs no statement. Decided
 * once per (category, subscriber) in a request, however many fields and rows of that
 * subscriber ask (a page of payments asks per field of every payment); never shared
 * between requests.
 */
export function decideForRow(
  ctx: AppContext,
  category: TableCategory,
  ownerId: string | null,
): Promise<Decision> {
  let decided = decisionsOf.get(ctx);
  if (!decided) {
    decided = { pending: new Map(), settled: new Map() };
    decisionsOf.set(ctx, decided);
  }
  const key = `${category}|${ownerId ?? ''}`;
  let decision = decided.pending.get(key);
  if (!decision) {
    const { settled } = decided;
    decision = decide(ctx, category, ownerId);
    decision.then((value) => settled.set(key, value)).catch(() => undefined);
    decided.pending.set(key, decision);
  }
  return decision;
}

/**
 * The decision for (category, subscriber) if this request has already made it, else
 * undefined: lets the recorder note the reads of a row the shield has just decided
 * without a promise per field (an audited page of 50 subscribers reads ~700 such fields).
 */
export function settledDecision(
  ctx: AppContext,
  category: TableCategory,
  ownerId: string | null,
): Decision | undefined {
  return decisionsOf.get(ctx)?.settled.get(`${category}|${ownerId ?? ''}`);
}

interface RequestDecisions {
  pending: Map<string, Promise<Decision>>;
  settled: Map<string, Decision>;
}

const decisionsOf = new WeakMap<AppContext, RequestDecisions>();

async function decide(ctx: AppContext, category: TableCategory, ownerId: string | null): Promise<Decision> {
  const facts = ownerId && needsFacts(category, ctx) ? await subscriberFacts(ctx, ownerId) : NO_FACTS;
  return decideCategory(ctx.identity, category, ownerId, facts, clock.now());
}

const categoryRules = new Map<TableCategory, ShieldRule>();

/**
 * One rule per data category (docs/design.md section 2): decides for the subscriber that owns
 * the parent row, loading that subscriber's gate facts through the request's loaders
 * only when the caller's role needs them.
 */
export function categoryRule(category: TableCategory): ShieldRule {
  let existing = categoryRules.get(category);
  if (!existing) {
    existing = rule(`category:${category}`, { cache: decisionCacheKey(category) })(
      async (parent: Owned | null, _args, ctx: AppContext) =>
        toRuleResult(await decideForRow(ctx, category, parent?.subscriberId ?? null), ctx),
    );
    categoryRules.set(category, existing);
  }
  return existing;
}
