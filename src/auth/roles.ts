import { registerEnumType } from 'type-graphql';

/** The roles of docs/design.md section 2; a token carries exactly one. */
export enum Role {
  ADMIN = 'ADMIN',
  SUPPORT = 'SUPPORT',
  BILLING = 'BILLING',
  COMPLIANCE = 'COMPLIANCE',
  REPORTING = 'REPORTING',
  CUSTOMER = 'CUSTOMER',
}

registerEnumType(Role, {
  name: 'Role',
  description: 'Who is asking: staff roles, internal reporting, or a subscriber',
});

export const ALL_ROLES = Object.values(Role);

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ALL_ROLES as string[]).includes(value);
}
