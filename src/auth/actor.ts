import type { Role } from './roles';
import type { UnauthenticatedError } from '../common/errors';

/** Who made a request, from a verified token. For CUSTOMER, `actorId` is the subscriber id. */
export interface Identity {
  actorId: string;
  role: Role;
}

/**
 * The outcome of reading the Authorization header: an identity, no token at all, or a
 * token that was presented and refused. Operations that need no identity still run in
 * the last two cases; every other rule answers with `tokenError`.
 */
export type Authentication =
  { identity: Identity; tokenError?: undefined } | { identity: null; tokenError: UnauthenticatedError };
