import type { DataSource } from 'typeorm';

/** The parts of a mysql2 pool read here: its own queues (mysql2 2.x and 3.x). */
interface Mysql2Pool {
  _allConnections?: { length: number };
  _freeConnections?: { length: number };
  _connectionQueue?: { length: number };
  config?: { connectionLimit?: number };
}

export interface PoolUsage {
  /** "primary", or "replica0", "replica1", … in the order of DATABASE_REPLICA_URLS. */
  pool: string;
  inUse: number;
  idle: number;
  waiting: number;
  max: number;
}

/**
 * How busy the database pools are. mysql2 offers no public API for this, so the pool's
 * own queues are read; a pool of another shape is left out rather than guessed at.
 */
export function poolUsage(db: DataSource): PoolUsage[] {
  if (!db.isInitialized) return [];
  const driver = db.driver as unknown as {
    pool?: Mysql2Pool;
    poolCluster?: { _nodes?: Record<string, { pool?: Mysql2Pool }> };
  };
  const pools: [string, Mysql2Pool | undefined][] = [];
  if (driver.pool) pools.push(['primary', driver.pool]);
  // TypeORM names the replication nodes MASTER and SLAVE<index>.
  for (const [id, node] of Object.entries(driver.poolCluster?._nodes ?? {})) {
    pools.push([id === 'MASTER' ? 'primary' : id.replace(/^SLAVE/, 'replica'), node.pool]);
  }
  const usage: PoolUsage[] = [];
  for (const [pool, p] of pools) {
    const all = p?._allConnections?.length;
    const free = p?._freeConnections?.length;
    const waiting = p?._connectionQueue?.length;
    if (all === undefined || free === undefined || waiting === undefined) continue;
    usage.push({ pool, inUse: all - free, idle: free, waiting, max: p?.config?.connectionLimit ?? 0 });
  }
  return usage;
}
