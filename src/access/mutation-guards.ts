import { Role } from '../auth/roles';
import { AccountStatus } from './account-status';

/**
 * What each mutation needs before its service runs (docs/design.md section 2, "Mutation guards
 * are data"), declared once beside the operation table (access/operations.ts), as
 * Keystone declares operation, filter and item access once per list:
 * - `target`: the subscriber the mutation writes about — an argument, the caller itself
 *   (a customer's own submissions), the owner of a ticket, disclosure exception or
 *   retention hold named by an argument, or none (with the reason why);
 * - `reach`: per role that may call it, `own` (a CUSTOMER: its own account only, any other
 *   reads as NOT_FOUND) or `any`;
 * - `states`: the account states it accepts. A PURGED account takes no personal data again;
 *   a RETAINED one (kept for an accounting irregularity) takes identity verifications and
 *   payments only (docs/design.md section 4). Anything else answers CONFLICT ACCOUNT_PURGED;
 * - `verification`: a change of contact or billing information needs an identity
 *   verification of the subscriber, valid now and granted to the caller (policy: "before
 *   making changes to the billing or contact information"; access/changes.ts).
 *
 * access/mutation-guard.ts enforces this inside the mutation's transaction, under the
 * account's row lock, so a concurrent purge is ordered before or after the change.
 * A mutation without a declaration is refused to everyone (and a test lists it).
 */
export type Reach = 'own' | 'any';

export type GuardTarget =
  | { kind: 'argument'; path: string; optionalForOwn?: true }
  | { kind: 'caller' }
  | { kind: 'ownerOf'; table: OwnedTable; path: string };

export type OwnedTable = 'support_tickets' | 'disclosure_exceptions' | 'retention_holds';

/** How the owned rows are named in NOT_FOUND errors. */
export const OWNED_TABLE_NAMES: Record<OwnedTable, string> = {
  support_tickets: 'Support ticket',
  disclosure_exceptions: 'DisclosureException',
  retention_holds: 'Retention hold',
};

export interface SubscriberGuard {
  target: GuardTarget;
  reach: Partial<Record<Role, Reach>>;
  states: readonly AccountStatus[];
  verification?: 'grantedToCaller';
}

/** A mutation that writes about no one subscriber, and why that is so. */
export interface UntargetedGuard {
  untargeted: string;
}

export type MutationGuard = SubscriberGuard | UntargetedGuard;

const { ADMIN, SUPPORT, BILLING, COMPLIANCE, CUSTOMER } = Role;
const { ACTIVE, CANCELLED, RETAINED, PURGED } = AccountStatus;

/** Personal data is added or corrected only while the account is ACTIVE or CANCELLED. */
const LIVE = [ACTIVE, CANCELLED] as const;
/** Also an account kept for an accounting irregularity (docs/design.md section 4). */
const LIVE_OR_RETAINED = [ACTIVE, CANCELLED, RETAINED] as const;
/** Ending access or housekeeping writes no personal data: any state. */
const ANY_STATE = [ACTIVE, CANCELLED, RETAINED, PURGED] as const;

const subscriberIdArg: GuardTarget = { kind: 'argument', path: 'subscriberId' };
const inputSubscriberId: GuardTarget = { kind: 'argument', path: 'input.subscriberId' };

export const MUTATION_GUARDS: Record<string, MutationGuard> = {
  createSubscriber: { untargeted: 'creates the subscriber' },
  runRetentionPurge: { untargeted: 'locks each due account in a transaction of its own' },
  postPolicyVersion: { untargeted: 'the policy is about no one subscriber' },

  // The network's accounting feed: usage of a live account only.
  recordSession: { target: inputSubscriberId, reach: { [ADMIN]: 'any' }, states: LIVE },
  // Refunds and chargebacks of a retained account are what resolves the irregularity.
  recordPayment: {
    target: inputSubscriberId,
    reach: { [ADMIN]: 'any', [BILLING]: 'any' },
    states: LIVE_OR_RETAINED,
  },
  recordIdentityVerification: {
    target: inputSubscriberId,
    reach: { [ADMIN]: 'any', [SUPPORT]: 'any', [BILLING]: 'any' },
    states: LIVE_OR_RETAINED,
  },
  updateContactInfo: {
    target: subscriberIdArg,
    reach: { [ADMIN]: 'any', [SUPPORT]: 'any', [BILLING]: 'any', [CUSTOMER]: 'own' },
    states: LIVE,
    verification: 'grantedToCaller',
  },
  updateBillingInfo: {
    target: subscriberIdArg,
    reach: { [ADMIN]: 'any', [BILLING]: 'any', [CUSTOMER]: 'own' },
    states: LIVE,
    verification: 'grantedToCaller',
  },

  openSupportTicket: {
    target: { kind: 'argument', path: 'input.subscriberId', optionalForOwn: true },
    reach: { [ADMIN]: 'any', [SUPPORT]: 'any', [CUSTOMER]: 'own' },
    states: LIVE,
  },
  addTicketMessage: {
    target: { kind: 'ownerOf', table: 'support_tickets', path: 'ticketId' },
    reach: { [ADMIN]: 'any', [SUPPORT]: 'any', [CUSTOMER]: 'own' },
    states: LIVE,
  },
  // A ticket's status is queue housekeeping, not personal data: closing one stays possible.
  setTicketStatus: {
    target: { kind: 'ownerOf', table: 'support_tickets', path: 'ticketId' },
    reach: { [ADMIN]: 'any', [SUPPORT]: 'any' },
    states: ANY_STATE,
  },

  // A court order about kept accounting data is a reason to disclose it; an erased account has nothing.
  requestDisclosureException: {
    target: inputSubscriberId,
    reach: { [ADMIN]: 'any', [COMPLIANCE]: 'any' },
    states: LIVE_OR_RETAINED,
  },
  approveDisclosureException: {
    target: { kind: 'ownerOf', table: 'disclosure_exceptions', path: 'id' },
    reach: { [COMPLIANCE]: 'any' },
    states: LIVE_OR_RETAINED,
  },
  // Ending an exception must always be possible.
  rejectDisclosureException: {
    target: { kind: 'ownerOf', table: 'disclosure_exceptions', path: 'id' },
    reach: { [COMPLIANCE]: 'any' },
    states: ANY_STATE,
  },
  revokeDisclosureException: {
    target: { kind: 'ownerOf', table: 'disclosure_exceptions', path: 'id' },
    reach: { [ADMIN]: 'any', [COMPLIANCE]: 'any' },
    states: ANY_STATE,
  },

  cancelAccount: {
    target: subscriberIdArg,
    reach: { [ADMIN]: 'any', [SUPPORT]: 'any', [CUSTOMER]: 'own' },
    states: LIVE,
  },
  reactivateAccount: {
    target: subscriberIdArg,
    reach: { [ADMIN]: 'any', [SUPPORT]: 'any', [CUSTOMER]: 'own' },
    states: LIVE,
  },
  setCommunicationPreferences: {
    target: subscriberIdArg,
    reach: { [ADMIN]: 'any', [SUPPORT]: 'any', [CUSTOMER]: 'own' },
    states: LIVE,
  },
  registerDomain: {
    target: inputSubscriberId,
    reach: { [ADMIN]: 'any', [SUPPORT]: 'any', [CUSTOMER]: 'own' },
    states: LIVE,
  },
  submitProductInquiry: { target: { kind: 'caller' }, reach: { [CUSTOMER]: 'own' }, states: LIVE },
  submitSurveyResponse: { target: { kind: 'caller' }, reach: { [CUSTOMER]: 'own' }, states: LIVE },

  // A hold keeps data: it may be placed while there is data left to keep.
  placeRetentionHold: { target: subscriberIdArg, reach: { [COMPLIANCE]: 'any' }, states: LIVE_OR_RETAINED },
  // Releasing one lets the purge proceed: always possible.
  releaseRetentionHold: {
    target: { kind: 'ownerOf', table: 'retention_holds', path: 'id' },
    reach: { [COMPLIANCE]: 'any' },
    states: ANY_STATE,
  },
};

export function isUntargeted(guard: MutationGuard): guard is UntargetedGuard {
  return 'untargeted' in guard;
}
