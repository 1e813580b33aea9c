import { z } from 'zod';

/**
 * Every environment variable the server reads, parsed once. A bad value stops the
 * start with one message naming every bad variable (see README, "Configuration").
 */
const DEV_JWT_SECRET = 'kacmac-development-secret-do-not-use-in-production';
// 32 zero bytes: a development-only card key, refused in production.
const DEV_CARD_KEY = Buffer.alloc(32, 7).toString('base64');

const intFrom = (def: number, min: number, max: number) =>
  z.coerce.number().int().min(min).max(max).default(def);

const base64Key32 = z
  .string()
  .refine((v) => Buffer.from(v, 'base64').length === 32 && /^[A-Za-z0-9+/]+=*$/.test(v), {
    message: 'must be 32 bytes, base64-encoded',
  });

/** An unset or empty variable is "not given" (an empty line in .env must not count as a value). */
const optional = <T extends z.ZodTypeAny>(inner: T) =>
  z.preprocess((v) => (typeof v === 'string' && v.trim() === '' ? undefined : v), inner.optional());

// "https://admin.kacmac.example,https://app.kacmac.example": scheme, host and port only,
// exactly as a browser sends them in the Origin header.
const originList = z.string().transform((value, ctx) => {
  const origins = value
    .split(',')
    .map((v) => v.trim())
    .filter(Boolean);
  for (const origin of origins) {
    let parsed: URL | undefined;
    try {
      parsed = new URL(origin);
    } catch {
      parsed = undefined;
    }
    if (!parsed || !/^https?:$/.test(parsed.protocol) || parsed.origin !== origin) {
      ctx.addIssue({
        code: 'custom',
        message: 'must be comma-separated origins like https://app.example.com',
      });
      return z.NEVER;
    }
  }
  return origins;
});

const schema = z
  .object({
    NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
    PORT: intFrom(4000, 0, 65535),
    HOST: z.string().min(1).default('0.0.0.0'),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    DATABASE_URL: z
      .string()
      .url()
      .refine((v) => /^mysql:\/\//.test(v), { message: 'must be a mysql:// URL' })
      .default('mysql://root@127.0.0.1:3306/kacmac'),
    DATABASE_POOL_SIZE: intFrom(10, 1, 500),
    DATABASE_REPLICA_URLS: z.string().optional(),
    JWT_SECRET: z.string().optional(),
    JWT_ISSUER: z.string().min(1).default('kacmac'),
    JWT_AUDIENCE: z.string().min(1).default('kacmac-api'),
    CARD_ENCRYPTION_KEY: base64Key32.optional(),
    CARD_ENCRYPTION_KEY_ID: z
      .string()
      .regex(/^[A-Za-z0-9_-]{1,32}$/)
      .default('k1'),
    // Keys that wrote stored card numbers before a rotation: "id:base64key,id:base64key".
    CARD_ENCRYPTION_PREVIOUS_KEYS: z
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
      }),
    ID_VERIFICATION_TTL_MINUTES: intFrom(30, 1, 24 * 60),
    RETENTION_MONTHS: intFrom(12, 1, 120),
    POLICY_NOTICE_DAYS: intFrom(30, 30, 365),
    REPORT_MIN_GROUP_SIZE: intFrom(5, 1, 1000),
    MAX_QUERY_DEPTH: intFrom(10, 2, 50),
    MAX_QUERY_COST: intFrom(50000, 100, 1_000_000),
    // Query limits (src/common/query-limits.ts): aliases, tokens, and the budget without a token.
    MAX_QUERY_ALIASES: intFrom(15, 0, 1000),
    MAX_QUERY_TOKENS: intFrom(1000, 100, 100_000),
    MAX_ANONYMOUS_QUERY_COST: intFrom(1000, 10, 1_000_000),
    // Rate limits (src/http/rate-limit.ts): requests per minute; counters in Redis when set.
    RATE_LIMIT_ACTOR_PER_MINUTE: intFrom(1200, 1, 1_000_000),
    RATE_LIMIT_ANONYMOUS_PER_MINUTE: intFrom(120, 1, 1_000_000),
    REDIS_URL: z.preprocess(
      (v) => (v === '' ? undefined : v),
      z
        .string()
        .url()
        .refine((v) => /^rediss?:\/\//.test(v), { message: 'must be a redis:// or rediss:// URL' })
        .optional(),
    ),
    REDIS_KEY_PREFIX: z.string().min(1).max(64).default('kacmac:'),
    // Persisted queries (src/common/persisted-queries.ts): apq, only (trusted documents), off.
    PERSISTED_QUERIES: z.enum(['apq', 'only', 'off']).default('apq'),
    PERSISTED_QUERY_MANIFEST: z.string().min(1).default('persisted-queries/manifest.json'),
    // Browser apps allowed to call the API (src/http/cors.ts).
    CORS_ORIGINS: optional(originList),
  })
  .superRefine((env, ctx) => {
    if (env.NODE_ENV !== 'production') return;
    if (!env.JWT_SECRET || env.JWT_SECRET.length < 32) {
      ctx.addIssue({
        code: 'custom',
        path: ['JWT_SECRET'],
        message: 'is required in production, at least 32 characters',
      });
    }
    if (!env.CARD_ENCRYPTION_KEY) {
      ctx.addIssue({ code: 'custom', path: ['CARD_ENCRYPTION_KEY'], message: 'is required in production' });
    }
  });

export type Env = z.infer<typeof schema>;

export interface Config extends Omit<Env, 'JWT_SECRET' | 'CARD_ENCRYPTION_KEY' | 'DATABASE_REPLICA_URLS'> {
  JWT_SECRET: string;
  CARD_ENCRYPTION_KEY: string;
  DATABASE_REPLICA_URLS: string[];
  /** Names of the settings that fell back to development defaults (warned about at start). */
  developmentDefaults: string[];
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration: ${problems.join('; ')}`);
  }
}

export function parseConfig(source: NodeJS.ProcessEnv): Config {
  const result = schema.safeParse(source);
  if (!result.success) {
    const problems = result.error.issues.map(
      (issue) => `${issue.path.join('.') || '(env)'} ${issue.message}`,
    );
    throw new ConfigError(problems);
  }
  const env = result.data;
  const developmentDefaults: string[] = [];
  if (!env.JWT_SECRET) developmentDefaults.push('JWT_SECRET');
  if (!env.CARD_ENCRYPTION_KEY) developmentDefaults.push('CARD_ENCRYPTION_KEY');
  return {
    ...env,
    JWT_SECRET: env.JWT_SECRET ?? DEV_JWT_SECRET,
    CARD_ENCRYPTION_KEY: env.CARD_ENCRYPTION_KEY ?? DEV_CARD_KEY,
    DATABASE_REPLICA_URLS: (env.DATABASE_REPLICA_URLS ?? '')
      .split(',')
      .map((url) => url.trim())
      .filter(Boolean),
    developmentDefaults,
  };
}

let cached: Config | undefined;

/** The process-wide configuration, parsed on first use. */
export function config(): Config {
  cached ??= parseConfig(process.env);
  return cached;
}
