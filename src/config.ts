import { z } from 'zod';
import { trustProxySetting } from './config-trust-proxy';
import {
  base64Key32,
  DEV_CARD_KEY,
  DEV_JWT_SECRET,
  DEV_ACCESS_LOG_KEY,
  keyId,
  previousKeys,
  weakKeyProblem,
  weakSecretProblem,
} from './config-secrets';

/**
 * Every environment variable the server reads, parsed once. A bad value stops the
 * start with one message naming every bad variable (see README, "Configuration").
 */
const intFrom = (def: number, min: number, max: number) =>
  z.coerce.number().int().min(min).max(max).default(def);

/** "12h", "30m", "90s", "1d" or plain seconds, as seconds. */
const durationSeconds = (def: string, minSeconds: number, maxSeconds: number) =>
  z
    .string()
    .default(def)
    .transform((value, ctx) => {
      const match = /^(\d+)\s*([smhd]?)$/.exec(value.trim());
      const unit = { '': 1, s: 1, m: 60, h: 3600, d: 86400 }[match?.[2] ?? ''] ?? 1;
      const seconds = match ? Number(match[1]) * unit : NaN;
      if (!(seconds >= minSeconds && seconds <= maxSeconds)) {
        ctx.addIssue({
          code: 'custom',
          message: `must be a duration like 12h, 30m or 600 (seconds), from ${minSeconds} s to ${maxSeconds} s`,
        });
        return z.NEVER;
      }
      return seconds;
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
    DATABASE_REPLICA_RETRY_MS: intFrom(5000, 100, 600_000),
    DATABASE_REPLICA_WAIT_MS: intFrom(250, 0, 10_000),
    DATABASE_REPLICA_FENCE_TTL_MS: intFrom(300_000, 1000, 86_400_000),
    JWT_SECRET: z.string().optional(),
    JWT_ISSUER: z.string().min(1).default('kacmac'),
    JWT_AUDIENCE: z.string().min(1).default('kacmac-api'),
    CARD_ENCRYPTION_KEY: base64Key32.optional(),
    CARD_ENCRYPTION_KEY_ID: keyId.default('k1'),
    // Keys that wrote stored card numbers before a rotation: "id:base64key,id:base64key".
    CARD_ENCRYPTION_PREVIOUS_KEYS: previousKeys,
    // Token hygiene (docs/design.md section 6).
    JWT_MAX_TTL: durationSeconds('12h', 60, 30 * 86400),
    // The keyed access log (docs/design.md section 3, docs/access-log.md).
    ACCESS_LOG_KEY: base64Key32.optional(),
    ACCESS_LOG_KEY_ID: keyId.default('log1'),
    ACCESS_LOG_PREVIOUS_KEYS: previousKeys,
    ACCESS_LOG_LEGACY_UNTIL: intFrom(0, 0, Number.MAX_SAFE_INTEGER),
    // Bounded waits on the database (docs/design.md section 6).
    DATABASE_STATEMENT_TIMEOUT_MS: intFrom(5000, 100, 600_000),
    DATABASE_CONNECT_TIMEOUT_MS: intFrom(5000, 100, 120_000),
    DATABASE_POOL_QUEUE_LIMIT: intFrom(500, 1, 100_000),
    DATABASE_MIGRATION_URL: z
      .string()
      .url()
      .refine((v) => /^mysql:\/\//.test(v), { message: 'must be a mysql:// URL' })
      .optional(),
    SHUTDOWN_TIMEOUT_MS: intFrom(15_000, 100, 600_000),
    ID_VERIFICATION_TTL_MINUTES: intFrom(30, 1, 24 * 60),
    RETENTION_MONTHS: intFrom(12, 1, 120),
    POLICY_NOTICE_DAYS: intFrom(30, 30, 365),
    REPORT_MIN_GROUP_SIZE: intFrom(5, 1, 1000),
    MAX_QUERY_DEPTH: intFrom(10, 2, 50),
    MAX_QUERY_COST: intFrom(50000, 100, 1_000_000),
    // Query limits (src/http/query-limits.ts): aliases, tokens, and the budget without a token.
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
    // Peers whose X-Forwarded-For names the client (src/config-trust-proxy.ts); off by default.
    TRUST_PROXY: trustProxySetting,
    // Persisted queries (src/common/persisted-queries.ts): apq, only (trusted documents), off.
    PERSISTED_QUERIES: z.enum(['apq', 'only', 'off']).default('apq'),
    PERSISTED_QUERY_MANIFEST: z.string().min(1).default('persisted-queries/manifest.json'),
    // Browser apps allowed to call the API (src/http/cors.ts).
    CORS_ORIGINS: optional(originList),
    // Observability (src/observability/): a port of its own for /metrics, OTLP tracing.
    METRICS_PORT: optional(z.coerce.number().int().min(1).max(65535)),
    OTEL_EXPORTER_OTLP_ENDPOINT: optional(
      z
        .string()
        .url()
        .refine((v) => /^https?:\/\//.test(v), { message: 'must be an http(s):// URL' }),
    ),
    OTEL_SERVICE_NAME: z.string().min(1).default('kacmac-privacy-backend'),
  })
  .superRefine((env, ctx) => {
    if (env.NODE_ENV !== 'production') return;
    const problems = {
      JWT_SECRET: weakSecretProblem(env.JWT_SECRET),
      CARD_ENCRYPTION_KEY: weakKeyProblem(env.CARD_ENCRYPTION_KEY),
      ACCESS_LOG_KEY: weakKeyProblem(env.ACCESS_LOG_KEY),
    };
    for (const [name, message] of Object.entries(problems)) {
      if (message) ctx.addIssue({ code: 'custom', path: [name], message });
    }
  });

export type Env = z.infer<typeof schema>;

export interface Config extends Omit<
  Env,
  'JWT_SECRET' | 'CARD_ENCRYPTION_KEY' | 'ACCESS_LOG_KEY' | 'DATABASE_REPLICA_URLS'
> {
  JWT_SECRET: string;
  CARD_ENCRYPTION_KEY: string;
  ACCESS_LOG_KEY: string;
  DATABASE_REPLICA_URLS: string[];
  /** Names of the settings that fell back to development defaults (warned about at start). */
  developmentDefaults: string[];
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration: ${problems.join('; ')}`);
  }
}

/**
 * An empty or blank value counts as unset, so `.env.example` copied as it is (with
 * `JWT_SECRET=` and friends) gives the defaults rather than an invalid value.
 */
function withoutEmptyValues(source: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return Object.fromEntries(
    Object.entries(source).filter(([, value]) => value !== undefined && value.trim() !== ''),
  );
}

export function parseConfig(source: NodeJS.ProcessEnv): Config {
  const result = schema.safeParse(withoutEmptyValues(source));
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
  if (!env.ACCESS_LOG_KEY) developmentDefaults.push('ACCESS_LOG_KEY');
  return {
    ...env,
    JWT_SECRET: env.JWT_SECRET ?? DEV_JWT_SECRET,
    CARD_ENCRYPTION_KEY: env.CARD_ENCRYPTION_KEY ?? DEV_CARD_KEY,
    ACCESS_LOG_KEY: env.ACCESS_LOG_KEY ?? DEV_ACCESS_LOG_KEY,
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
