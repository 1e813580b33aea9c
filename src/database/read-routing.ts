import type { EntityManager, ReplicationMode } from 'typeorm';
import type { ApolloServerPlugin } from '@apollo/server';
import type { AppContext } from '../context';
import { readFromReplica, replicasAvailable, replicationOf } from './replication';

/**
 * Read routing for TypeORM replication (docs/design.md section 8, docs/scaling.md): the reads
 * of a query operation go to a replica; everything in a mutation (reads included, so a
 * mutation sees its own writes) goes to the primary. A replica that is down, or that has
 * not yet applied the asking actor's last write, is passed over for the primary
 * (src/database/replication.ts). Without DATABASE_REPLICA_URLS both modes use the one pool.
 */
export function readMode(ctx: Pick<AppContext, 'readOnly'>): ReplicationMode {
  return ctx.readOnly ? 'slave' : 'master';
}

/** Runs `work` on a connection of the pool that serves this request's reads. */
export async function withReader<T>(
  ctx: AppContext,
  work: (manager: EntityManager) => Promise<T>,
): Promise<T> {
  // A mutation reads on its own transaction: its read-back sees what it has not yet committed.
  const written = ctx.transaction.manager;
  if (written) return work(written);
  const replication = ctx.readOnly && !ctx.readFromPrimary ? replicationOf(ctx.db) : null;
  if (replication) {
    if (replicasAvailable(replication)) {
      const outcome = await readFromReplica(ctx, replication, work);
      if (outcome.done) return outcome.value;
    } else {
      replication.fallbacks++;
    }
  }
  const runner = ctx.db.createQueryRunner('master');
  try {
    return await work(runner.manager);
  } finally {
    await runner.release();
  }
}

/** Something that runs raw SQL: a DataSource, an EntityManager, or a request's reader. */
export interface Queryable {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  query(sql: string, parameters?: unknown[]): Promise<any>;
}

/** Raw SQL on this request's read pool (one connection per statement). */
export function reader(ctx: AppContext): Queryable {
  return { query: (sql, parameters) => withReader(ctx, (manager) => manager.query(sql, parameters)) };
}

/**
 * The primary, for reads that must never come from a replica (the gate's facts): the
 * request's own transaction once it has written, so it sees its own changes.
 */
export function primary(ctx: Pick<AppContext, 'db' | 'transaction'>): EntityManager {
  return ctx.transaction.manager ?? ctx.db.manager;
}

/**
 * Apollo plugin: marks the context read-only once the operation is known to be a query.
 * The flag starts false, so anything before that point (and every mutation) uses the primary.
 */
export function readRoutingPlugin(): ApolloServerPlugin<AppContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ operation, contextValue }) {
          contextValue.readOnly = operation?.operation === 'query';
        },
      };
    },
  };
}
