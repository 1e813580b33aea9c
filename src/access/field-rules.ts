import { rule } from 'graphql-shield';
import type { AppContext } from '../context';
import type { Identity } from '../auth/actor';
import { Reason } from '../common/errors';
import { clock } from '../common/clock';
import { AccessBasis } from './basis';
import { Decision, decideCategory, NO_FACTS } from './decisions';
import { DataCategory } from './categories';
import { toRuleResult } from './rules';
import { ROLE_TRAITS } from './policy-table';

/**
 * docs/design.md section 2, COMPLIANCE row: "verifications only" for SUPPORT and BILLING.
 * They may list a subscriber's identity verifications, narrowed in SQL to their own
 * (access/scope.ts verificationScope); ADMIN and COMPLIANCE see all; nobody else any.
 */
export function decideVerificationList(identity: Identity | null, now: Date): Decision {
  if (identity && ROLE_TRAITS[identity.role].ownVerificationsOnly) {
    return { allowed: true, basis: AccessBasis.ROLE };
  }
  const decision = decideCategory(identity, DataCategory.COMPLIANCE, null, NO_FACTS, now);
  if (!decision.allowed && decision.reason === Reason.NOT_FOUND) {
    return { allowed: false, reason: Reason.ROLE_NOT_PERMITTED };
  }
  return decision;
}

// Depends on the caller only (never on the row), so one answer per request.
const verificationListRule = rule('field:Subscriber.identityVerifications', { cache: 'contextual' })(
  (_parent, _args, ctx: AppContext) => toRuleResult(decideVerificationList(ctx.identity, clock.now()), ctx),
);

/**
 * Fields whose rule is not their category's alone. Keyed `Type.field`; permissions.ts
 * uses these instead of the category rule.
 */
export const FIELD_RULES: Record<string, ReturnType<ReturnType<typeof rule>>> = {
  'Subscriber.identityVerifications': verificationListRule,
};
