import { createConnection } from 'mysql2/promise';
import type { DataSource } from 'typeorm';
import { inRotation, replicationOf } from './replication';

export interface ReplicaHealth {
  /** Position in DATABASE_REPLICA_URLS (URLs carry credentials and are never shown). */
  replica: number;
  status: 'up' | 'down';
  /** Seconds_Behind_Master where the probe user may read it, else null. */
  lagSeconds: number | null;
  /** Whether reads are sent to it now (out for DATABASE_REPLICA_RETRY_MS after a failure). */
  inRotation: boolean;
  /** Reads or connections that failed on it since the start. */
  failures: number;
}

type ProbedReplica = Omit<ReplicaHealth, 'inRotation' | 'failures'>;

export interface DatabaseHealth {
  /** ok: everything answers; degraded: reads are served, something is down; unavailable: nothing answers. */
  status: 'ok' | 'degraded' | 'unavailable';
  primary: 'up' | 'down';
  replicas: ReplicaHealth[];
}

function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  return Promise.race([
    work,
    new Promise<T>((_, reject) => setTimeout(() => reject(new Error('timeout')), ms).unref()),
  ]);
}

async function probeReplica(url: string, index: number, timeoutMs: number): Promise<ProbedReplica> {
  const connection = await withTimeout(
    createConnection({ uri: url, connectTimeout: timeoutMs }),
    timeoutMs,
  ).catch(() => null);
  if (!connection) return { replica: index, status: 'down', lagSeconds: null };
  try {
    await withTimeout(connection.query('SELECT 1'), timeoutMs);
    const lag = await withTimeout(connection.query('SHOW SLAVE STATUS'), timeoutMs)
      .then(
        ([rows]) =>
          (rows as Array<{ Seconds_Behind_Master?: number | null }>)[0]?.Seconds_Behind_Master ?? null,
      )
      .catch(() => null);
    return { replica: index, status: 'up', lagSeconds: lag === null ? null : Number(lag) };
  } catch {
    return { replica: index, status: 'down', lagSeconds: null };
  } finally {
    connection.destroy();
  }
}

/**
 * Readiness (docs/scaling.md): the primary and each replica, probed within `timeoutMs`.
 * Reads can be served while the primary or some replicas answer; writes need the primary.
 */
export async function databaseHealth(db: DataSource, timeoutMs: number): Promise<DatabaseHealth> {
  const replication = replicationOf(db);
  const replicaUrls = replication?.replicaUrls ?? [];
  const [primary, probed] = await Promise.all([
    withTimeout(db.query('SELECT 1'), timeoutMs).then(
      () => 'up' as const,
      () => 'down' as const,
    ),
    Promise.all(replicaUrls.map((url, index) => probeReplica(url, index, timeoutMs))),
  ]);
  const replicas = probed.map((probe) => {
    const state = replication?.replicas[probe.replica];
    return { ...probe, inRotation: state ? inRotation(state) : false, failures: state?.failures ?? 0 };
  });
  const replicasUp = replicas.filter((r) => r.status === 'up').length;
  const status =
    primary === 'up' && replicasUp === replicas.length
      ? 'ok'
      : primary === 'up' || replicasUp > 0
        ? 'degraded'
        : 'unavailable';
  return { status, primary, replicas };
}
