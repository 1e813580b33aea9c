import type { Pool, PoolConnection } from 'mysql2/promise';
import { SeededRandom } from './random';
import { DemoShape, demoSubscriber, Row, SEED_COLUMNS, SeedTable } from './demo-rows';

export interface SeedOptions extends DemoShape {
  subscribers: number;
  seed: number;
  /** Rows per multi-row INSERT. */
  batchSize: number;
}

export type SeedCounts = Record<SeedTable, number>;

export type ProgressListener = (counts: SeedCounts, subscribersDone: number, total: number) => void;

/** Subscribers generated between two progress reports (and between id look-ups). */
const CHUNK = 500;

/**
 * Buffers the rows of one table and writes them as multi-row INSERTs, keeping one
 * statement in flight per table, so that generating the next rows in Node overlaps
 * with the database writing the previous batch.
 */
class BatchWriter {
  private rows: Row[] = [];
  private inFlight: Promise<unknown> = Promise.resolve();
  written = 0;

  constructor(
    private readonly connection: PoolConnection,
    private readonly table: SeedTable,
    private readonly batchSize: number,
  ) {}

  async add(rows: Row[]): Promise<void> {
    for (const row of rows) {
      this.rows.push(row);
      if (this.rows.length >= this.batchSize) await this.flush();
    }
  }

  async flush(): Promise<void> {
    await this.inFlight;
    if (this.rows.length === 0) return;
    const batch = this.rows;
    this.rows = [];
    const columns = SEED_COLUMNS[this.table].join(', ');
    this.inFlight = this.connection.query(`INSERT INTO ${this.table} (${columns}) VALUES ?`, [batch]);
    // Marked handled now; the failure still surfaces at the next flush or at close.
    this.inFlight.catch(() => undefined);
    this.written += batch.length;
  }

  async close(): Promise<void> {
    await this.flush();
    await this.inFlight;
  }
}

async function nextId(connection: PoolConnection, table: string): Promise<number> {
  const [rows] = await connection.query(`SELECT COALESCE(MAX(id), 0) + 1 AS next FROM ${table}`);
  return Number((rows as { next: number | string }[])[0].next);
}

/**
 * Adds `options.subscribers` demo subscribers with their history to the database behind
 * `pool`, after whatever is there. The same options give the same rows.
 *
 * Every table gets a connection of its own. Foreign-key checks are off on those
 * connections only: the rows are generated consistent (parents carry explicit ids), and
 * the checks would otherwise serialise the parallel batches on the parent rows.
 */
export async function seedDatabase(
  pool: Pool,
  options: SeedOptions,
  onProgress: ProgressListener = () => undefined,
): Promise<SeedCounts> {
  const tables = Object.keys(SEED_COLUMNS) as SeedTable[];
  const connections = new Map<SeedTable, PoolConnection>();
  try {
    for (const table of tables) {
      const connection = await pool.getConnection();
      await connection.query('SET SESSION foreign_key_checks = 0, time_zone = "+00:00"');
      connections.set(table, connection);
    }
    const first = connections.get('subscribers')!;
    let subscriberId = await nextId(first, 'subscribers');
    let ticketId = await nextId(first, 'support_tickets');
    const writers = new Map(
      tables.map((t) => [t, new BatchWriter(connections.get(t)!, t, options.batchSize)]),
    );
    const random = new SeededRandom(options.seed);
    const counts = (): SeedCounts =>
      Object.fromEntries(tables.map((t) => [t, writers.get(t)!.written])) as SeedCounts;

    for (let done = 0; done < options.subscribers;) {
      const chunk = Math.min(CHUNK, options.subscribers - done);
      for (let i = 0; i < chunk; i++, subscriberId++) {
        const history = demoSubscriber(random, subscriberId, ticketId, options);
        ticketId += history.tickets.length;
        await writers.get('subscribers')!.add([history.subscriber]);
        await writers.get('sessions')!.add(history.sessions);
        await writers.get('payments')!.add(history.payments);
        await writers.get('support_tickets')!.add(history.tickets);
        await writers.get('ticket_messages')!.add(history.messages);
        await writers.get('product_inquiries')!.add(history.inquiries);
      }
      done += chunk;
      onProgress(counts(), done, options.subscribers);
    }
    for (const writer of writers.values()) await writer.close();
    return counts();
  } finally {
    for (const connection of connections.values()) connection.release();
  }
}
