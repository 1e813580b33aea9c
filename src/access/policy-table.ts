import { ALL_ROLES, Role } from '../auth/roles';
import { AGGREGATE, DataCategory, PUBLIC } from './categories';

/**
 * docs/design.md section 2, "Roles, data categories, access", as data. One row per category,
 * one cell per role; a request without a token reaches PUBLIC only.
 *
 * - yes:       the role sees the category for every subscriber.
 * - own:       a CUSTOMER sees it for its own subscriber only ("own").
 * - gate:      the billing gate decides (ID verification or disclosure exception).
 * - ownGate:   own subscriber, and then the billing gate.
 * - exception: only under an ACTIVE disclosure exception covering the category.
 * - no:        never.
 */
export type Access = 'yes' | 'own' | 'gate' | 'ownGate' | 'exception' | 'no';
export type TableCategory = DataCategory | typeof PUBLIC | typeof AGGREGATE;

/** A cell the billing gate decides. */
export const isGateAccess = (access: Access): boolean => access === 'gate' || access === 'ownGate';

/** A cell decided on facts (the billing gate or a disclosure exception), not on the role alone. */
export const isFactAccess = (access: Access): boolean => isGateAccess(access) || access === 'exception';

/** A cell that decides every row alike: neither the row's owner nor any fact enters it. */
export const isRoleAccess = (access: Access): boolean => access === 'yes' || access === 'no';

/**
 * What sets a role apart beyond its cells in CATEGORY_ACCESS (docs/design.md section 2), as
 * data: the decisions, the row scoping and the field rules read these, never a role's name,
 * so a new role is a line here, its cells below, and its root operations.
 */
export interface RoleTraits {
  /**
   * The role is a subscriber acting for itself: its id is a subscriber id that must exist,
   * it reaches its own subscriber only ("own"), and its reply reopens a support ticket.
   */
  selfScoped: boolean;
  /** The role reads aggregates only: a refusal says AGGREGATES_ONLY (docs/design.md section 5). */
  aggregatesOnly: boolean;
  /** The role sees only the identity verifications it recorded or that are granted to it. */
  ownVerificationsOnly: boolean;
}

const STAFF_TRAITS: RoleTraits = { selfScoped: false, aggregatesOnly: false, ownVerificationsOnly: false };

export const ROLE_TRAITS: Record<Role, RoleTraits> = {
  [Role.ADMIN]: STAFF_TRAITS,
  [Role.SUPPORT]: { ...STAFF_TRAITS, ownVerificationsOnly: true },
  [Role.BILLING]: { ...STAFF_TRAITS, ownVerificationsOnly: true },
  [Role.COMPLIANCE]: STAFF_TRAITS,
  [Role.REPORTING]: { ...STAFF_TRAITS, aggregatesOnly: true },
  [Role.CUSTOMER]: { ...STAFF_TRAITS, selfScoped: true },
};

const row = (cells: Partial<Record<Role, Access>>): Record<Role, Access> => ({
  ...(Object.fromEntries(ALL_ROLES.map((role) => [role, 'no'])) as Record<Role, Access>),
  ...cells,
});
export const CATEGORY_ACCESS: Record<TableCategory, Record<Role, Access>> = {
  // Policy: "contact information is used to contact you concerning your account".
  [DataCategory.IDENTIFIER]: row({
    ADMIN: 'yes',
    SUPPORT: 'yes',
    BILLING: 'yes',
    COMPLIANCE: 'yes',
    CUSTOMER: 'own',
  }),
  [DataCategory.CONTACT]: row({
    ADMIN: 'yes',
    SUPPORT: 'yes',
    BILLING: 'yes',
    COMPLIANCE: 'yes',
    CUSTOMER: 'own',
  }),
  // Policy: "may require a copy of a government issued form of identification before
  // disclosing billing information" — the billing gate.
  [DataCategory.BILLING]: row({
    ADMIN: 'gate',
    SUPPORT: 'gate',
    BILLING: 'gate',
    COMPLIANCE: 'gate',
    CUSTOMER: 'ownGate',
  }),
  // Policy: sessions are recorded; shared only under legal process, rights, emergency.
  [DataCategory.USAGE]: row({ ADMIN: 'yes', SUPPORT: 'yes', COMPLIANCE: 'exception', CUSTOMER: 'own' }),
  // Policy: support communications "used to address the issues raised".
  [DataCategory.SUPPORT]: row({ ADMIN: 'yes', SUPPORT: 'yes', COMPLIANCE: 'exception', CUSTOMER: 'own' }),
  [DataCategory.MARKETING]: row({ ADMIN: 'yes', SUPPORT: 'yes', CUSTOMER: 'own' }),
  // Verifications for SUPPORT and BILLING are narrowed per field (see access/rules.ts).
  [DataCategory.COMPLIANCE]: row({ ADMIN: 'yes', COMPLIANCE: 'yes' }),
  // docs/design.md section 5: reporting reads aggregates and nothing else.
  [AGGREGATE]: row({ ADMIN: 'yes', REPORTING: 'yes' }),
  // Policy: "DNR domain registration is freely available"; the policy text itself.
  [PUBLIC]: row({
    ADMIN: 'yes',
    SUPPORT: 'yes',
    BILLING: 'yes',
    COMPLIANCE: 'yes',
    REPORTING: 'yes',
    CUSTOMER: 'yes',
  }),
};

/** True when two categories are decided identically for every role. */
export function sameAccess(a: TableCategory, b: TableCategory): boolean {
  const rowA = CATEGORY_ACCESS[a];
  const rowB = CATEGORY_ACCESS[b];
  return (Object.keys(rowA) as Role[]).every((role) => rowA[role] === rowB[role]);
}
