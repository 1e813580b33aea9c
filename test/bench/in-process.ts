import { randomBytes } from 'node:crypto';
import type { CompiledQuery } from 'graphql-jit';
import type { DataSource } from 'typeorm';
import { Role } from '../../src/auth/roles';
import { authenticate, signToken, TokenSettings } from '../../src/auth/token';
import { createContext } from '../../src/context';
import { createLogger } from '../../src/logger';
import { newRequestStore } from '../../src/common/request-store';
import { actorOf, appendAccessLogNow } from '../../src/access-log/access-log.service';
import type { AccessLogBuffer } from '../../src/access-log/access-buffer';
import { admin, BILLING_ACTOR, DATABASE_URL, ensureSeeded, verifyBillingPage } from './http-database';

/**
 * What the in-process benchmarks (bench:privacy, bench:allocation) share: the bench:http
 * database, seeded and migrated, with the billing actor verified for the audited page, and
 * one request run as the server runs it.
 */
process.env.DATABASE_URL = DATABASE_URL;
process.env.ACCESS_LOG_KEY ??= randomBytes(32).toString('base64');

export interface InProcessBench {
  db: DataSource;
  bearer(role: Role, sub: string): Promise<string>;
  /**
   * One request: context, the compiled operation, the access log's write, the response
   * serialised (its text returned). `buffer` replaces the request's access-log buffer.
   */
  serve(operation: CompiledQuery, authorization: string, buffer?: () => AccessLogBuffer): Promise<string>;
}

export async function openInProcessBench(): Promise<InProcessBench> {
  const root = await admin();
  await ensureSeeded(root);
  await verifyBillingPage(root, BILLING_ACTOR);
  await root.end();
  // Imported once the environment names the bench database.
  const { config } = await import('../../src/config');
  const { createDataSource } = await import('../../src/data-source');
  const { migrateWithLock } = await import('../../src/database/bootstrap');
  const cfg = config();
  const db = createDataSource({ poolSize: 10, replicaUrls: [] });
  await db.initialize();
  // A bench database seeded by an older build gets the tables this build reads.
  await migrateWithLock(db);
  const log = createLogger('silent');
  const settings: TokenSettings = {
    secret: cfg.JWT_SECRET,
    issuer: cfg.JWT_ISSUER,
    audience: cfg.JWT_AUDIENCE,
    maxTtlSeconds: cfg.JWT_MAX_TTL,
  };
  return {
    db,
    bearer: async (role, sub) => `Bearer ${await signToken(settings, { sub, role }, '2h')}`,
    serve: async (operation, authorization, buffer) => {
      const store = newRequestStore();
      const ctx = createContext({
        requestId: store.requestId,
        request: store,
        auth: await authenticate(authorization, settings),
        db,
        log,
      });
      ctx.readOnly = true;
      if (buffer) ctx.accessLog = buffer();
      const result = await operation.query(undefined, ctx, {});
      if (result.errors?.length) throw new Error(`errors: ${JSON.stringify(result.errors[0])}`);
      const reads = ctx.accessLog.drain();
      if (reads.length > 0 && ctx.identity) {
        await appendAccessLogNow(ctx.db, actorOf(ctx.identity), ctx.requestId, reads);
      }
      return JSON.stringify(result);
    },
  };
}
