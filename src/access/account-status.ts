/**
 * The states of an account that the access rules tell apart (docs/design.md section 2):
 * a purged account keeps its identifiers only, a retained one also contact and billing.
 */
export enum AccountStatus {
  ACTIVE = 'ACTIVE',
  CANCELLED = 'CANCELLED',
  /** Purged except for contact and billing data kept for an accounting irregularity. */
  RETAINED = 'RETAINED',
  PURGED = 'PURGED',
}
