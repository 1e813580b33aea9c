import { Role } from './roles';

/**
 * The `sub` claim as an actor id (docs/design.md section 2, "Actor ids"). An actor id is
 * opaque and case-sensitive, as OpenID Connect defines `sub`, and is compared byte for
 * byte everywhere (binary collation on every actor column). Two spellings that a person
 * would read as the same id must therefore never reach the server as two actors:
 * - white space around the id, and control or format characters (NUL, new line,
 *   zero-width space, bidi marks) anywhere in it, are refused;
 * - a CUSTOMER's `sub` is a subscriber id, and only its canonical decimal form is
 *   accepted (no sign, leading zero, exponent, fraction or space): MariaDB compares a
 *   string with a number by converting it, so "02", "2abc" or "2e0" would otherwise
 *   reach subscriber 2.
 * Whether the subscriber exists is checked per request by access/customer-subject.ts.
 */
export const MAX_ACTOR_ID_LENGTH = 64;

const SURROUNDING_SPACE = /^[\s\p{Z}]|[\s\p{Z}]$/u;
const CONTROL_OR_FORMAT = /[\p{Cc}\p{Cf}]/u;
/** The subscriber ids this API hands out: BIGINT UNSIGNED AUTO_INCREMENT, in decimal. */
const CANONICAL_SUBSCRIBER_ID = /^[1-9][0-9]{0,18}$/;

/** Why `sub` is no usable actor id for `role`, or null when it is one. Never echoes the value. */
export function subjectProblem(sub: string, role: Role): string | null {
  if (sub.length === 0) return 'The token has no subject';
  if (sub.length > MAX_ACTOR_ID_LENGTH) return 'The token subject is too long';
  if (SURROUNDING_SPACE.test(sub) || CONTROL_OR_FORMAT.test(sub)) {
    return 'The token subject has surrounding white space or control characters';
  }
  if (role === Role.CUSTOMER && !CANONICAL_SUBSCRIBER_ID.test(sub)) {
    return 'A customer token must name a subscriber id in canonical decimal form';
  }
  return null;
}
