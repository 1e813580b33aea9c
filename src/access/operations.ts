import { Role } from '../auth/roles';

/**
 * Who may call each root operation (docs/design.md section 2, "Who may change what", and the
 * category table for queries). `public` needs no token. Roles marked here may call the
 * operation; which rows they reach is then decided by access/scope.ts ("own") and by
 * the category rules on the fields they select.
 *
 * An operation missing from this table is denied to everyone (shield fallbackRule).
 */
export type OperationAccess = { public: true } | { roles: readonly Role[] };

const { ADMIN, SUPPORT, BILLING, COMPLIANCE, REPORTING, CUSTOMER } = Role;
const STAFF = [ADMIN, SUPPORT, BILLING, COMPLIANCE] as const;

export const QUERY_ACCESS: Record<string, OperationAccess> = {
  // customer app: a CUSTOMER reads its own subscriber.
  me: { roles: [CUSTOMER] },
  // admin dashboard (IDENTIFIER): staff; a CUSTOMER only its own id, anything else NOT_FOUND.
  subscriber: { roles: [...STAFF, CUSTOMER] },
  subscribers: { roles: STAFF },
  // SUPPORT category: ADMIN and SUPPORT; a CUSTOMER its own tickets. COMPLIANCE reaches
  // tickets only through a subscriber under a disclosure exception (Subscriber.supportTickets).
  supportTicket: { roles: [ADMIN, SUPPORT, CUSTOMER] },
  supportTickets: { roles: [ADMIN, SUPPORT, CUSTOMER] },
  // aggregates (docs/design.md section 5)
  report: { roles: [ADMIN, REPORTING] },
  // COMPLIANCE category (docs/design.md section 2): exceptions and the access log.
  disclosureExceptions: { roles: [ADMIN, COMPLIANCE] },
  accessLog: { roles: [ADMIN, COMPLIANCE] },
  verifyAccessLog: { roles: [ADMIN, COMPLIANCE] },
  // The calling customer's own data; privacyPolicy, policyVersions and domainRegistration
  // are PUBLIC by their @Category and need no entry here.
  myDataExport: { roles: [CUSTOMER] },
};

export const MUTATION_ACCESS: Record<string, OperationAccess> = {
  createSubscriber: { roles: [ADMIN, SUPPORT] },
  // The network's accounting feed holds an ADMIN service token.
  recordSession: { roles: [ADMIN] },
  // Recording a payment is not a disclosure: no verification needed.
  recordPayment: { roles: [ADMIN, BILLING] },
  openSupportTicket: { roles: [ADMIN, SUPPORT, CUSTOMER] },
  addTicketMessage: { roles: [ADMIN, SUPPORT, CUSTOMER] },
  setTicketStatus: { roles: [ADMIN, SUPPORT] },
  // Policy: ID "before making changes to the billing or contact information": the
  // verification itself is checked by access/changes.ts; "own" by access/scope.ts.
  updateContactInfo: { roles: [ADMIN, SUPPORT, BILLING, CUSTOMER] },
  updateBillingInfo: { roles: [ADMIN, BILLING, CUSTOMER] },
  recordIdentityVerification: { roles: [ADMIN, SUPPORT, BILLING] },
  requestDisclosureException: { roles: [ADMIN, COMPLIANCE] },
  revokeDisclosureException: { roles: [ADMIN, COMPLIANCE] },
  // Four eyes: a second COMPLIANCE actor (the requester is refused in access/disclosure.ts).
  approveDisclosureException: { roles: [COMPLIANCE] },
  rejectDisclosureException: { roles: [COMPLIANCE] },
  // Account lifecycle and self-service (docs/design.md sections 2 and 4).
  cancelAccount: { roles: [ADMIN, SUPPORT, CUSTOMER] },
  reactivateAccount: { roles: [ADMIN, SUPPORT, CUSTOMER] },
  setCommunicationPreferences: { roles: [ADMIN, SUPPORT, CUSTOMER] },
  registerDomain: { roles: [ADMIN, SUPPORT, CUSTOMER] },
  submitProductInquiry: { roles: [CUSTOMER] },
  submitSurveyResponse: { roles: [CUSTOMER] },
  // Compliance actions: ADMIN may read holds (Subscriber.retentionHolds) but not place them.
  placeRetentionHold: { roles: [COMPLIANCE] },
  releaseRetentionHold: { roles: [COMPLIANCE] },
  runRetentionPurge: { roles: [ADMIN, COMPLIANCE] },
  postPolicyVersion: { roles: [ADMIN, COMPLIANCE] },
};
