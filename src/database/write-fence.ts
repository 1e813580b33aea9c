import type { Identity } from '../auth/identity';

/**
 * Read-your-writes across replicas (DESIGN.md section 8): after an actor's mutation commits,
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
