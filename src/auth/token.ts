import { createSecretKey, KeyObject } from 'node:crypto';
import { SignJWT, jwtVerify, errors as joseErrors } from 'jose';
import { Reason, UnauthenticatedError } from '../common/errors';
import { isRole, Role } from './roles';
import { subjectProblem } from './subject';
import type { Authentication } from './actor';

export interface TokenSettings {
  secret: string;
  issuer: string;
  audience: string;
  /** JWT_MAX_TTL in seconds: the longest lifetime a token may claim (default 12 h). */
  maxTtlSeconds?: number;
}

const ALGORITHM = 'HS256';
const encoder = new TextEncoder();
export const DEFAULT_MAX_TTL_SECONDS = 12 * 3600;
/** Clocks drift: an `iat` up to this far ahead is a clock, further is a forgery or a bug. */
export const IAT_LEEWAY_SECONDS = 60;
const BASE64URL_SEGMENT = /^[A-Za-z0-9_-]*$/;

/** The secrets' keys, made once: a server has one secret (two while it is rotated). */
const keys = new Map<string, KeyObject>();
const MAX_KEYS = 4;

/**
 * The HMAC key of `secret`, as a KeyObject made once: given the secret's bytes, jose makes
 * a new KeyObject on every verification (a tenth of the CPU of a request that does
 * nothing else).
 */
export function verificationKey(secret: string): KeyObject {
  let key = keys.get(secret);
  if (!key) {
    if (keys.size >= MAX_KEYS) keys.delete(keys.keys().next().value!);
    key = createSecretKey(Buffer.from(secret, 'utf8'));
    keys.set(secret, key);
  }
  return key;
}

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
 * must be one of ours and `sub` a usable actor id for it (auth/subject.ts).
 */
export async function authenticate(
  header: string | undefined,
  settings: TokenSettings,
): Promise<Authentication> {
  if (!header || header.trim() === '') {
    return { identity: null, tokenError: new UnauthenticatedError(Reason.TOKEN_MISSING) };
  }
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  if (!match) return invalid('The Authorization header must be "Bearer <token>"');
  if (!isCanonicalCompactJws(match[1])) return invalid();
  try {
    const { payload } = await jwtVerify(match[1], verificationKey(settings.secret), {
      algorithms: [ALGORITHM],
      issuer: settings.issuer,
      audience: settings.audience,
      requiredClaims: ['sub', 'exp'],
    });
    const lifetimeProblem = checkLifetime(payload, settings.maxTtlSeconds ?? DEFAULT_MAX_TTL_SECONDS);
    if (lifetimeProblem) return invalid(lifetimeProblem);
    if (!isRole(payload.role)) return invalid('The token names no known role');
    const sub = payload.sub ?? '';
    const problem = subjectProblem(sub, payload.role);
    if (problem) return invalid(problem);
    return { identity: { actorId: sub, role: payload.role } };
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

/**
 * Three base64url segments, each exactly as base64url encodes its own bytes: no padding,
 * no characters outside the alphabet, no stray trailing bits. Decoders forgive those, so
 * without this check one signature would have many spellings ("...sig==", a last
 * character off by its unused bits), and a token refused once could be replayed as "new".
 */
function isCanonicalCompactJws(token: string): boolean {
  const parts = token.split('.');
  if (parts.length !== 3) return false;
  return parts.every(
    (part) => BASE64URL_SEGMENT.test(part) && Buffer.from(part, 'base64url').toString('base64url') === part,
  );
}

/**
 * docs/design.md section 6: a lifetime longer than JWT_MAX_TTL, counted from `iat` (or from now
 * when the token has none), is refused, and so is an `iat` in the future: a stolen
 * long-lived token must not outlive the policy, and a future `iat` dodges age checks.
 */
function checkLifetime(payload: { exp?: number; iat?: number }, maxTtlSeconds: number): string | null {
  const now = Math.floor(Date.now() / 1000);
  if (payload.iat !== undefined && payload.iat > now + IAT_LEEWAY_SECONDS) {
    return 'The token was issued in the future';
  }
  const exp = payload.exp as number; // required and checked by jwtVerify
  if (exp - (payload.iat ?? now) > maxTtlSeconds) return 'The token lives longer than this server allows';
  return null;
}
