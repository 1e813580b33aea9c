import type { GraphQLResolveInfo } from 'graphql';
import type { EntityManager } from 'typeorm';
import type { IMiddlewareFunction, IMiddlewareTypeMap } from 'graphql-middleware';
import type { AppContext } from '../context';
import type { Identity } from '../auth/actor';
import { BadInputError, ConflictError, ForbiddenError, NotFoundError, Reason } from '../common/errors';
import { id as idSchema, parseInput } from '../common/validation';
import { AccountStatus } from './account-status';
import { factSources, LockedAccount } from './fact-sources';
import { requireChangeVerification } from './changes';
import {
  isUntargeted,
  MUTATION_GUARDS,
  MutationGuard,
  OWNED_TABLE_NAMES,
  SubscriberGuard,
} from './mutation-guards';

/** The account a root mutation's guard has locked, for the service to act on. */
export interface GuardedTarget {
  mutation: string;
  /** The subscriber module's row (SubscriberEntity), locked for the transaction. */
  account: LockedAccount;
}

function argumentAt(args: Record<string, unknown>, path: string): unknown {
  return path
    .split('.')
    .reduce<unknown>((value, key) => (value as Record<string, unknown> | null)?.[key], args);
}

/** The subscriber id the mutation aims at, and what to call it if it must read as NOT_FOUND. */
async function resolveTarget(
  manager: EntityManager,
  guard: SubscriberGuard,
  identity: Identity,
  args: Record<string, unknown>,
): Promise<{ subscriberId: string; what: string }> {
  const target = guard.target;
  const own = guard.reach[identity.role] === 'own';
  switch (target.kind) {
    case 'caller':
      return { subscriberId: identity.actorId, what: 'Subscriber' };
    case 'argument': {
      const given = argumentAt(args, target.path);
      if ((given === undefined || given === null) && own && target.optionalForOwn) {
        return { subscriberId: identity.actorId, what: 'Subscriber' };
      }
      if (given === undefined || given === null) throw new BadInputError(target.path, 'is required');
      return { subscriberId: parseInput(idSchema, given, target.path), what: 'Subscriber' };
    }
    case 'ownerOf': {
      const rowId = parseInput(idSchema, argumentAt(args, target.path), target.path);
      const what = OWNED_TABLE_NAMES[target.table];
      const owner = await factSources().rowOwner(manager, target.table, rowId);
      if (owner === null) throw new NotFoundError(what);
      return { subscriberId: owner, what };
    }
  }
}

function refuseState(status: AccountStatus): never {
  throw new ConflictError(
    Reason.ACCOUNT_PURGED,
    status === AccountStatus.RETAINED
      ? 'The account has been purged except for the contact and billing data kept for an accounting matter: only identity verifications and payments can be recorded'
      : 'The account has been purged: nothing more is recorded about it',
  );
}

/**
 * Enforces one declaration (access/mutation-guards.ts) on the request's transaction:
 * resolves the target, applies the caller's reach, locks the account row, checks its
 * state and, if needed, the caller's identity verification. Throws the denial.
 */
export async function enforceGuard(
  manager: EntityManager,
  guard: SubscriberGuard,
  identity: Identity,
  args: Record<string, unknown>,
): Promise<LockedAccount> {
  const reach = guard.reach[identity.role];
  if (!reach) throw new ForbiddenError(Reason.ROLE_NOT_PERMITTED);
  const { subscriberId, what } = await resolveTarget(manager, guard, identity, args);
  // "own": anything but the caller's own account reads exactly as one that does not exist.
  if (reach === 'own' && subscriberId !== identity.actorId) throw new NotFoundError(what);
  const account = await factSources().lockAccount(manager, subscriberId);
  // Ids compare byte for byte (docs/design.md section 2, "Actor ids"): a caller's id that only
  // converts to an account's id in SQL ("02", "2 ") is not that account.
  if (!account || String(account.id) !== subscriberId) throw new NotFoundError(what);
  if (!guard.states.includes(account.status)) refuseState(account.status);
  if (guard.verification === 'grantedToCaller') {
    await requireChangeVerification(manager, identity, subscriberId);
  }
  return account;
}

/**
 * graphql-middleware for the Mutation type: every root mutation runs under a savepoint of
 * the request's transaction, behind its guard. Shield's operation rule has already
 * allowed the caller's role; a mutation without a declaration is refused (fail closed).
 */
export function mutationGuardMiddleware(
  guards: Record<string, MutationGuard> = MUTATION_GUARDS,
): IMiddlewareTypeMap<unknown, AppContext, Record<string, unknown>> {
  const guardField: IMiddlewareFunction<unknown, AppContext, Record<string, unknown>> = async (
    resolve,
    root,
    args,
    ctx,
    info: GraphQLResolveInfo,
  ) => {
    const guard = guards[info.fieldName];
    const identity = ctx.identity;
    if (!guard || !identity) throw new ForbiddenError(Reason.ROLE_NOT_PERMITTED);
    return ctx.transaction.savepoint(async (manager) => {
      ctx.guarded = isUntargeted(guard)
        ? null
        : { mutation: info.fieldName, account: await enforceGuard(manager, guard, identity, args) };
      try {
        return await resolve(root, args, ctx, info);
      } finally {
        ctx.guarded = null;
      }
    });
  };
  // A middleware on the type wraps every one of its fields.
  return { Mutation: guardField };
}
