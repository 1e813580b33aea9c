import { SignJWT, jwtVerify, errors as joseErrors } from 'jose';
import { Reason, UnauthenticatedError } from '../common/errors';
import { isRole, Role } from './roles';
import type { Authentication } from './identity';

export interface TokenSettings {
  secret: string;
  issuer: string;
  audience: string;
}

const ALGORITHM = 'HS256';
const encoder = new TextEncoder();

/** Mints a token (the `npm run token` CLI and the tests). */
export async function signToken(
  settings: TokenSettings,
  claims: { sub: string; role: Role },
  ttl: string | number = '1h',
): Promise<string> {
  return new SignJWT({ role: claims.role })
    .setProtectedHeader({ alg: ALGORITHM, typ: 'JWT' })
    .setSubject(claims.sub)
    .setIssuer(settings.issuer)
    .setAudience(settings.audience)
    .setIssuedAt()
    .setExpirationTime(ttl)
    .sign(encoder.encode(settings.secret));
}

/**
 * Reads `Authorization: Bearer <JWT>` (docs/design.md section 6): HS256 only, so `alg: none`
 * and any other algorithm are refused; `iss`, `aud` and `exp` are checked; the role
 * must be one of ours and `sub` must be present.
 */
export async function authenticate(
  header: string | undefined,
  settings: TokenSettings,
): Promise<Authentication> {
  if (!header || header.trim() === '') {
    return { identity: null, tokenError: new UnauthenticatedError(Reason.TOKEN_MISSING) };
  }
  const match = /^Bearer\s+([A-Za-z0-9._~+/=-]+)\s*$/i.exec(header);
  if (!match) return invalid('The Authorization header must be "Bearer <token>"');
  try {
    const { payload } = await jwtVerify(match[1], encoder.encode(settings.secret), {
      algorithms: [ALGORITHM],
      issuer: settings.issuer,
      audience: settings.audience,
      requiredClaims: ['sub', 'exp'],
    });
    if (!isRole(payload.role)) return invalid('The token names no known role');
    if (typeof payload.sub !== 'string' || payload.sub.length === 0 || payload.sub.length > 64) {
      return invalid('The token has no usable subject');
    }
    return { identity: { actorId: payload.sub, role: payload.role } };
  } catch (error) {
    if (error instanceof joseErrors.JWTExpired) {
      return { identity: null, tokenError: new UnauthenticatedError(Reason.TOKEN_EXPIRED) };
    }
    return invalid();
  }
}

function invalid(message?: string): Authentication {
  return { identity: null, tokenError: new UnauthenticatedError(Reason.TOKEN_INVALID, message) };
}
