import { Counter, Gauge, Registry } from 'prom-client';

/** What the metrics read of database/replication.ts's state (its ReplicationState fits). */
export interface ReplicaCounters {
  fallbacks: number;
  freshnessFallbacks: number;
  /** `downUntil`: until when (epoch ms) a failed replica stays out of rotation. */
  replicas: readonly { index: number; failures: number; downUntil: number }[];
}

type Watched = Map<string, () => ReplicaCounters | null>;

function each(watched: Watched, visit: (state: ReplicaCounters) => void): void {
  for (const read of watched.values()) {
    const state = read();
    if (state) visit(state);
  }
}

/**
 * Read-replica routing (docs/scaling.md), read from the counters of database/replication.ts
 * at each scrape. Replicas are named by position ("replica0", …, as in the pool metrics),
 * never by URL: the URLs carry credentials.
 */
export function replicaMetrics(registry: Registry, watched: Watched): void {
  new Counter({
    name: 'kacmac_database_replica_fallbacks_total',
    help: "Query reads sent to the primary: no replica in rotation could serve them (unavailable), or the replica had not applied the actor's last write in time (behind)",
    labelNames: ['reason'] as const,
    registers: [registry],
    collect() {
      this.reset();
      each(watched, (state) => {
        this.inc({ reason: 'unavailable' }, state.fallbacks);
        this.inc({ reason: 'behind' }, state.freshnessFallbacks);
      });
    },
  });
  new Counter({
    name: 'kacmac_database_replica_failures_total',
    help: 'Connections or reads that failed on a replica (each takes it out of rotation for DATABASE_REPLICA_RETRY_MS)',
    labelNames: ['replica'] as const,
    registers: [registry],
    collect() {
      this.reset();
      each(watched, (state) => {
        for (const replica of state.replicas)
          this.inc({ replica: `replica${replica.index}` }, replica.failures);
      });
    },
  });
  new Gauge({
    name: 'kacmac_database_replica_in_rotation',
    help: '1 while a replica receives reads, 0 while it is out after a failure',
    labelNames: ['replica'] as const,
    registers: [registry],
    collect() {
      this.reset();
      const now = Date.now();
      each(watched, (state) => {
        for (const replica of state.replicas) {
          this.set({ replica: `replica${replica.index}` }, now >= replica.downUntil ? 1 : 0);
        }
      });
    },
  });
}
