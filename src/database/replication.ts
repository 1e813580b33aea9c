import type { DataSource, EntityManager, QueryRunner } from 'typeorm';
import type { AppContext } from '../context';
import { logger } from '../logger';
import { isConnectionError } from './connection-errors';
import { actorKey, MemoryWriteFenceStore, WriteFenceStore } from './write-fence';
import { rootDataSource } from './request-database';

/**
 * How a DataSource with read replicas routes the reads of a query (docs/design.md section 8,
 * docs/scaling.md):
 * - reads take the replicas in turn; a replica that cannot be reached is taken out of
 *   rotation for `retryMs` on its own (the others keep serving) and the read moves on to
 *   the next one; only when no replica can serve does it go to the primary (counted in
 *   `fallbacks`);
 * - an actor who has just written reads from a replica only once it has applied that
 *   write (MASTER_GTID_WAIT, at most `waitMs`), else from the primary.
 * Without replicas none of this exists and every read uses the one pool.
 */
export interface ReplicationSettings {
  /** The replicas' URLs (with credentials: never logged or shown), for health probes. */
  replicaUrls: string[];
  retryMs: number;
  waitMs: number;
  fenceTtlMs: number;
  fences: WriteFenceStore;
}

/** One replica's health as the reads see it. */
export interface ReplicaState {
  /** Position in DATABASE_REPLICA_URLS (TypeORM's pool `SLAVE<index>`). */
  index: number;
  /** Until this time (ms since epoch) the replica is out of rotation. */
  downUntil: number;
  /** Connections or reads that failed on it. */
  failures: number;
}

export interface ReplicationState extends ReplicationSettings {
  replicas: ReplicaState[];
  /** Where the next read starts its turn through the replicas. */
  cursor: number;
  /** Reads sent to the primary because no replica could serve them. */
  fallbacks: number;
  /** Reads sent to the primary because the replica had not yet applied the actor's write. */
  freshnessFallbacks: number;
}

const states = new WeakMap<DataSource, ReplicationState>();

export function enableReplication(
  db: DataSource,
  settings: Partial<ReplicationSettings> & { replicaUrls: string[] },
): void {
  states.set(db, {
    replicaUrls: settings.replicaUrls,
    retryMs: settings.retryMs ?? 5000,
    waitMs: settings.waitMs ?? 250,
    fenceTtlMs: settings.fenceTtlMs ?? 300_000,
    fences: settings.fences ?? new MemoryWriteFenceStore(),
    replicas: settings.replicaUrls.map((_, index) => ({ index, downUntil: 0, failures: 0 })),
    cursor: 0,
    fallbacks: 0,
    freshnessFallbacks: 0,
  });
}

/** Shares the read-your-writes notes of `db` through `store` (Redis, for several instances). */
export function useWriteFenceStore(db: DataSource, store: WriteFenceStore): void {
  const state = states.get(db);
  if (state) state.fences = store;
}

/** The replication state of `db`, or null when it has no replicas. */
export function replicationOf(db: DataSource): ReplicationState | null {
  return states.get(rootDataSource(db)) ?? null;
}

export function inRotation(replica: ReplicaState, now = Date.now()): boolean {
  return now >= replica.downUntil;
}

export function replicasAvailable(state: ReplicationState): boolean {
  return state.replicas.some((replica) => inRotation(replica));
}

/** The replicas in rotation, in this read's turn (round robin). */
function replicasInTurn(state: ReplicationState): ReplicaState[] {
  const now = Date.now();
  const start = state.cursor++ % state.replicas.length;
  const ordered = [...state.replicas.slice(start), ...state.replicas.slice(0, start)];
  return ordered.filter((replica) => inRotation(replica, now));
}

/** Takes one replica out of rotation after a connection failure; the others keep serving. */
export function markReplicaDown(state: ReplicationState, replica: ReplicaState, error: unknown): void {
  replica.failures++;
  if (inRotation(replica)) {
    logger().warn(
      { err: { code: (error as { code?: string }).code }, replica: replica.index, retryMs: state.retryMs },
      'replica unreachable: out of rotation',
    );
  }
  replica.downUntil = Date.now() + state.retryMs;
}

interface ReplicatedDriver {
  poolCluster: {
    getConnection(pattern: string, callback: (error: unknown, connection: unknown) => void): void;
  };
  prepareDbConnection(connection: unknown): unknown;
}

/**
 * A query runner on one named replica. TypeORM's own 'slave' runner lets mysql2 pick any
 * replica, which cannot skip the one that is down; TypeORM names the pools SLAVE<index>.
 */
async function replicaRunner(db: DataSource, replica: ReplicaState): Promise<QueryRunner> {
  const driver = db.driver as unknown as ReplicatedDriver;
  const connection = await new Promise((resolve, reject) =>
    driver.poolCluster.getConnection(`SLAVE${replica.index}`, (error, found) =>
      error ? reject(error) : resolve(driver.prepareDbConnection(found)),
    ),
  );
  const runner = db.createQueryRunner('slave');
  (runner as unknown as { databaseConnection: unknown }).databaseConnection = connection;
  return runner;
}

/**
 * After a mutation commits: notes the primary's binlog position for the actor, so that
 * the actor's next reads wait for a replica to reach it. Never fails the mutation: the
 * change is committed whatever happens here.
 */
export async function noteWrite(ctx: AppContext): Promise<void> {
  const state = replicationOf(ctx.db);
  if (!state || !ctx.identity) return;
  try {
    const [row] = await ctx.db.query('SELECT @@gtid_binlog_pos AS pos');
    if (row?.pos) await state.fences.note(actorKey(ctx.identity), String(row.pos), state.fenceTtlMs);
  } catch (error) {
    ctx.log.warn({ err: { code: (error as { code?: string }).code } }, 'could not note the write position');
  }
}

/** True when the replica behind `runner` has applied the actor's last noted write. */
export async function replicaIsFresh(
  ctx: AppContext,
  state: ReplicationState,
  runner: QueryRunner,
): Promise<boolean> {
  if (!ctx.identity) return true;
  ctx.writeFence ??= state.fences.get(actorKey(ctx.identity)).catch(() => null);
  const gtid = await ctx.writeFence;
  if (!gtid) return true;
  const [row] = await runner.query('SELECT MASTER_GTID_WAIT(?, ?) AS waited', [gtid, state.waitMs / 1000]);
  return Number(row?.waited) === 0;
}

export type ReadWork<T> = (manager: EntityManager) => Promise<T>;

/**
 * Runs `work` on the first replica in turn that answers and has applied this actor's last
 * write; { done: false } sends the read to the primary.
 */
export async function readFromReplica<T>(
  ctx: AppContext,
  state: ReplicationState,
  work: ReadWork<T>,
): Promise<{ done: true; value: T } | { done: false }> {
  for (const replica of replicasInTurn(state)) {
    let runner: QueryRunner | undefined;
    try {
      runner = await replicaRunner(ctx.db, replica);
      if (!(await replicaIsFresh(ctx, state, runner))) {
        state.freshnessFallbacks++;
        ctx.readFromPrimary = true;
        return { done: false };
      }
      return { done: true, value: await work(runner.manager) };
    } catch (error) {
      if (!isConnectionError(error)) throw error;
      markReplicaDown(state, replica, error);
    } finally {
      await runner?.release();
    }
  }
  state.fallbacks++;
  return { done: false };
}
