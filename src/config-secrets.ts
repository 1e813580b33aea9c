import { z } from 'zod';

/**
 * Secrets and keys (docs/design.md section 6: "Production refuses to start on a published or
 * weak secret or key"). The development defaults below are published in this repository,
 * so they are only ever used outside production; production refuses them, and refuses
 * secrets an attacker could guess. Problems name the variable, never the value.
 */
export const DEV_JWT_SECRET = 'kacmac-development-secret-do-not-use-in-production';
// Every byte 7: a development-only card key, refused in production.
export const DEV_CARD_KEY = Buffer.alloc(32, 7).toString('base64');
// Every byte 9: a development-only access-log key, refused in production.
export const DEV_ACCESS_LOG_KEY = Buffer.alloc(32, 9).toString('base64');

const PUBLISHED = new Set([DEV_JWT_SECRET, DEV_CARD_KEY, DEV_ACCESS_LOG_KEY]);

export const MIN_SECRET_BYTES = 32;
/** A secret of 32 characters drawn from fewer than this many different ones was typed, not generated. */
const MIN_DISTINCT_CHARACTERS = 10;
/** A random 32-byte key has about 30 different byte values; fewer than 16 is not random. */
const MIN_DISTINCT_KEY_BYTES = 16;

/** Keys are base64 strings of exactly 32 bytes (openssl rand -base64 32). */
export const base64Key32 = z
  .string()
  .refine((v) => Buffer.from(v, 'base64').length === 32 && /^[A-Za-z0-9+/]+=*$/.test(v), {
    message: 'must be 32 bytes, base64-encoded',
  });

/** Why a text secret (JWT_SECRET) is weak, or null when it is fit for production. */
export function weakSecretProblem(secret: string | undefined): string | null {
  if (!secret) return 'is required in production';
  if (PUBLISHED.has(secret)) return 'is a published development default';
  if (Buffer.byteLength(secret, 'utf8') < MIN_SECRET_BYTES) {
    return `must be at least ${MIN_SECRET_BYTES} characters (bytes)`;
  }
  if (new Set(secret).size < MIN_DISTINCT_CHARACTERS || isRepetition(secret)) {
    return 'is too predictable (too few different characters, or a repeated pattern): generate one, e.g. openssl rand -base64 48';
  }
  return null;
}

/** Why a base64 key (card key, access-log key) is weak, or null when it is fit for production. */
export function weakKeyProblem(key: string | undefined): string | null {
  if (!key) return 'is required in production';
  if (PUBLISHED.has(key)) return 'is a published development default';
  const bytes = Buffer.from(key, 'base64');
  if (new Set(bytes).size < MIN_DISTINCT_KEY_BYTES || isRepetition(bytes.toString('hex'))) {
    return 'is not random (all zero, one repeated byte or a short pattern): generate one with openssl rand -base64 32';
  }
  return null;
}

/** "abcabcabc", "0123456789012345678901234567890123456789": the whole is a repeated shorter unit. */
function isRepetition(value: string): boolean {
  return value.length > 1 && (value + value).indexOf(value, 1) < value.length;
}

/** "id:base64key,id:base64key" of retired keys, read (never written) until their rows are rewritten. */
export const previousKeys = z
  .string()
  .default('')
  .transform((value, ctx) => {
    const keys: Record<string, string> = {};
    for (const item of value
      .split(',')
      .map((v) => v.trim())
      .filter(Boolean)) {
      const [id, key] = item.split(':');
      if (!/^[A-Za-z0-9_-]{1,32}$/.test(id ?? '') || !base64Key32.safeParse(key).success) {
        ctx.addIssue({ code: 'custom', message: 'must be id:base64key pairs of 32-byte keys' });
        return z.NEVER;
      }
      keys[id] = key;
    }
    return keys;
  });

export const keyId = z.string().regex(/^[A-Za-z0-9_-]{1,32}$/, 'must be 1-32 letters, digits, _ or -');
