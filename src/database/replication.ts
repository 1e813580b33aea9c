import type { DataSource, EntityManager, QueryRunner } from 'typeorm';
import type { AppContext } from '../context';
import { logger } from '../logger';
import { isConnectionError } from './connection-errors';
import { actorKey, MemoryWriteFenceStore, WriteFenceStore } from './write-fence';

/**
 * How a DataSource with read replicas routes the reads of a query (docs/design.md section 8,
 * docs/scaling.md):
 * - a replica that cannot be reached is taken out for `retryMs`, and reads go to the
 *   primary meanwhile (each such read counted in `fallbacks`);
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

export interface ReplicationState extends ReplicationSettings {
  /** Until this time (ms since epoch) replicas are skipped. */
  downUntil: number;
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
    downUntil: 0,
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
  return states.get(db) ?? null;
}

export function replicasAvailable(state: ReplicationState): boolean {
  return Date.now() >= state.downUntil;
}

/** Takes the replicas out of rotation after a connection failure. */
export function markReplicasDown(state: ReplicationState, error: unknown): void {
  if (replicasAvailable(state)) {
    logger().warn(
      { err: { code: (error as { code?: string }).code }, retryMs: state.retryMs },
      'replica unreachable: reads go to the primary',
    );
  }
  state.downUntil = Date.now() + state.retryMs;
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

/** Runs `work` on a replica if one can serve this actor now, else on the primary. */
export async function readFromReplica<T>(
  ctx: AppContext,
  state: ReplicationState,
  work: ReadWork<T>,
): Promise<{ done: true; value: T } | { done: false }> {
  const runner = ctx.db.createQueryRunner('slave');
  try {
    if (!(await replicaIsFresh(ctx, state, runner))) {
      state.freshnessFallbacks++;
      ctx.readFromPrimary = true;
      return { done: false };
    }
    return { done: true, value: await work(runner.manager) };
  } catch (error) {
    if (!isConnectionError(error)) throw error;
    markReplicasDown(state, error);
    state.fallbacks++;
    return { done: false };
  } finally {
    await runner.release();
  }
}
