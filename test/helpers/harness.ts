import 'reflect-metadata';
import type { DataSource } from 'typeorm';
import type { GraphQLFormattedError } from 'graphql';
import { config, Config } from '../../src/config';
import { createLogger } from '../../src/logger';
import { createDataSource } from '../../src/data-source';
import { createServer, AppServer } from '../../src/server';
import { signToken } from '../../src/auth/token';
import { Role } from '../../src/auth/roles';
import { newRequestStore } from '../../src/common/request-store';

/** A running server on the test database, for one test file. */
export interface Harness {
  server: AppServer;
  db: DataSource;
  token(role: Role, sub?: string, ttl?: string | number): Promise<string>;
  /** Runs an operation through Apollo with a per-role token; counts its SQL statements. */
  run<T = Record<string, unknown>>(
    query: string,
    options?: { token?: string | null; variables?: Record<string, unknown> },
  ): Promise<Result<T>>;
  close(): Promise<void>;
}

export interface Result<T> {
  data: T | null | undefined;
  errors: readonly GraphQLFormattedError[] | undefined;
  sqlStatements: number;
  /** The cost the query limits computed before it ran (undefined if refused earlier). */
  cost: number | undefined;
}

export interface HarnessOptions {
  url?: string;
  replicaUrls?: string[];
  replicaRetryMs?: number;
  config?: Partial<Config>;
}

export async function startHarness(options: HarnessOptions = {}): Promise<Harness> {
  const db = createDataSource({
    url: options.url,
    poolSize: 5,
    replicaUrls: options.replicaUrls ?? [],
    replicaRetryMs: options.replicaRetryMs,
  });
  await db.initialize();
  const server = await createServer({
    db,
    config: { ...config(), ...options.config },
    log: createLogger('silent'),
  });
  // A CUSTOMER's sub is a subscriber id (auth/subject.ts); staff get e.g. "support-1".
  const defaultSub = (role: Role) => (role === Role.CUSTOMER ? '1' : `${role.toLowerCase()}-1`);
  const token = (role: Role, sub = defaultSub(role), ttl: string | number = '1h') =>
    signToken(server.tokenSettings, { sub, role }, ttl);
  return {
    server,
    db,
    token,
    async run(query, options = {}) {
      const store = newRequestStore();
      const authorization = options.token ? `Bearer ${options.token}` : undefined;
      const contextValue = await server.contextFor(authorization, store);
      const response = await server.apollo.executeOperation(
        { query, variables: options.variables },
        { contextValue },
      );
      if (response.body.kind !== 'single') throw new Error('incremental delivery is not used');
      // Through JSON, as a client receives it (dates become ISO-8601 strings).
      const { data, errors } = JSON.parse(JSON.stringify(response.body.singleResult));
      // eslint-disable-next-line @typescript-eslint/no-explicit-any
      return { data: data as any, errors, sqlStatements: store.sqlStatements, cost: store.queryCost };
    },
    async close() {
      await server.apollo.stop(); // closes the fastify instance too (drain plugin)
      await db.destroy();
    },
  };
}

/**
 * The harness of one test file: started before its first test, closed after its last, its
 * data reset once before the first test or, with `reset: 'each'`, before every test. The
 * object is filled in by beforeAll: use it inside hooks and tests only.
 */
export function harnessForFile(options: HarnessOptions & { reset?: 'once' | 'each' } = {}): Harness {
  const { reset = 'once', ...start } = options;
  const h = {} as Harness;
  beforeAll(async () => {
    Object.assign(h, await startHarness(start));
    if (reset === 'once') await resetData(h.db);
  });
  if (reset === 'each') beforeEach(() => resetData(h.db));
  afterAll(() => h.close?.());
  return h;
}

/**
 * A connection pool on the test database for one test file (for tests without a server),
 * its data reset before every test unless `reset` is false.
 */
export function databaseForFile({ reset = true } = {}): DataSource {
  const db = createDataSource({ poolSize: 2, replicaUrls: [] });
  beforeAll(() => db.initialize());
  afterAll(() => db.destroy());
  if (reset) beforeEach(() => resetData(db));
  return db;
}

/**
 * Deletes every row the tests write, children first. The access log stays: it is
 * append-only, and deleting from it would break the chain other tests verify.
 */
export async function resetData(db: DataSource): Promise<void> {
  const tables = [
    'domain_registrations',
    'communication_preferences',
    'survey_responses',
    'product_inquiries',
    'retention_holds',
    'disclosure_exceptions',
    'identity_verifications',
    'billing_profiles',
    'ticket_messages',
    'support_tickets',
    'payments',
    'sessions',
    'subscribers',
  ];
  for (const table of tables) await db.query(`DELETE FROM ${table}`);
}

export function errorOf(result: { errors?: readonly GraphQLFormattedError[] }, index = 0) {
  const error = result.errors?.[index];
  return error
    ? { code: error.extensions?.code, reason: error.extensions?.reason, path: error.path }
    : undefined;
}
