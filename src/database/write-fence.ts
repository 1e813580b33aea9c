import type { Identity } from '../auth/actor';

/**
 * Read-your-writes across replicas (docs/design.md section 8): after an actor's mutation commits,
 * the primary's GTID position is noted for that actor; the actor's following reads use a
 * replica only once it has applied that position (MASTER_GTID_WAIT), else the primary.
 *
 * The note must be visible to every server instance, so with REDIS_URL it lives in Redis;
 * without it, in this process (correct for one instance). It holds no personal data: an
 * actor id and a replication position, for a few minutes at most.
 */
export interface WriteFenceStore {
  note(actorKey: string, gtid: string, ttlMs: number): Promise<void>;
  get(actorKey: string): Promise<string | null>;
}

export function actorKey(identity: Identity): string {
  return `${identity.role}:${identity.actorId}`;
}

/** One process's notes, dropped when they expire. */
export class MemoryWriteFenceStore implements WriteFenceStore {
  private readonly notes = new Map<string, { gtid: string; until: number }>();

  async note(actorKey: string, gtid: string, ttlMs: number): Promise<void> {
    const now = Date.now();
    if (this.notes.size > 10_000) {
      for (const [key, value] of this.notes) if (value.until <= now) this.notes.delete(key);
    }
    this.notes.set(actorKey, { gtid, until: now + ttlMs });
  }

  async get(actorKey: string): Promise<string | null> {
    const note = this.notes.get(actorKey);
    if (!note) return null;
    if (note.until <= Date.now()) {
      this.notes.delete(actorKey);
      return null;
    }
    return note.gtid;
  }
}

/** What the Redis store needs of a client (ioredis's commands). */
export interface FenceRedis {
  set(key: string, value: string, mode: 'PX', ms: number): Promise<unknown>;
  get(key: string): Promise<string | null>;
}

/**
 * Notes shared by every instance through Redis. Each note is kept in this process too, so
 * that while Redis is away the writer's own instance still reads its writes.
 */
export class RedisWriteFenceStore implements WriteFenceStore {
  private readonly local = new MemoryWriteFenceStore();

  constructor(
    private readonly redis: FenceRedis,
    private readonly keyPrefix: string,
  ) {}

  async note(actorKey: string, gtid: string, ttlMs: number): Promise<void> {
    await this.local.note(actorKey, gtid, ttlMs);
    await this.redis.set(`${this.keyPrefix}fence:${actorKey}`, gtid, 'PX', ttlMs);
  }

  async get(actorKey: string): Promise<string | null> {
    try {
      return await this.redis.get(`${this.keyPrefix}fence:${actorKey}`);
    } catch {
      return this.local.get(actorKey);
    }
  }
}
