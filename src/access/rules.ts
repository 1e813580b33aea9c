import { rule } from 'graphql-shield';
import type { AppContext } from '../context';
import { clock } from '../common/clock';
import { AppError, ForbiddenError, NotFoundError, Reason, UnauthenticatedError } from '../common/errors';
import { Decision, decideCategory, decideOperation, NO_FACTS } from './decisions';
import { subscriberFacts } from './facts';
import { customerSubjectExists } from './customer-subject';
import { CATEGORY_ACCESS, isFactAccess, isRoleAccess, TableCategory } from './policy-table';
import type { OperationAccess } from './operations';

/**
 * Thin adapters from GraphQL resolution to the pure decisions of access/decisions.ts: the
 * shield's operation rules, and the per-row decisions the row gate (access/row-gate.ts)
 * serves category fields on. A rule answers `true` or the AppError that explains the denial.
 */

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
 * The decision for one row of subscriber `ownerId` (docs/design.md section 2): the row gate
 * (access/row-gate.ts) and `billingAccess` both ask here, so what is served, what is logged
 * and what the customer app is told agree. The facts come from the request's loader:
 * asking twice costs no statement. Decided once per (category, subscriber) in a request,
 * however many fields and rows of that subscriber ask (a page of payments asks per field
 * of every payment); never shared between requests.
 */
export function decideForRow(
  ctx: AppContext,
  category: TableCategory,
  ownerId: string | null,
): Promise<Decision> {
  const decided = decisionsFor(ctx);
  const key = decisionKey(ctx, category, ownerId);
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
 * The same decision when it can be had without waiting: made already in this request, or
 * needing no facts (the role alone, or a customer's own subscriber), and then made now,
 * once. Undefined when the subscriber's facts must be loaded first (decideForRow).
 */
export function decisionNow(
  ctx: AppContext,
  category: TableCategory,
  ownerId: string | null,
): Decision | undefined {
  const decided = decisionsFor(ctx);
  const key = decisionKey(ctx, category, ownerId);
  let decision = decided.settled.get(key);
  if (decision || (ownerId && needsFacts(category, ctx))) return decision;
  decision = decideCategory(ctx.identity, category, ownerId, NO_FACTS, clock.now());
  decided.settled.set(key, decision);
  decided.pending.set(key, Promise.resolve(decision));
  return decision;
}

/**
 * docs/design.md section 7: a decision that depends on the row is kept per subscriber, never
 * per request. Where the caller's role decides every row of the category alike (a cell of
 * `yes` or `no`, or no identity at all), the one decision is kept for the request: the
 * dashboard's 50 subscribers then cost one evaluation per category instead of 50.
 */
function decisionKey(ctx: AppContext, category: TableCategory, ownerId: string | null): string {
  return !ctx.identity || isRoleAccess(CATEGORY_ACCESS[category][ctx.identity.role])
    ? `${category}|any row`
    : `${category}|${ownerId ?? ''}`;
}

interface RequestDecisions {
  pending: Map<string, Promise<Decision>>;
  settled: Map<string, Decision>;
}

const decisionsOf = new WeakMap<AppContext, RequestDecisions>();

function decisionsFor(ctx: AppContext): RequestDecisions {
  let decided = decisionsOf.get(ctx);
  if (!decided) {
    decided = { pending: new Map(), settled: new Map() };
    decisionsOf.set(ctx, decided);
  }
  return decided;
}

async function decide(ctx: AppContext, category: TableCategory, ownerId: string | null): Promise<Decision> {
  const facts = ownerId && needsFacts(category, ctx) ? await subscriberFacts(ctx, ownerId) : NO_FACTS;
  return decideCategory(ctx.identity, category, ownerId, facts, clock.now());
}
