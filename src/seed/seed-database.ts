import type { Pool, PoolConnection } from 'mysql2/promise';
import { config } from '../config';
import { CardKey, currentCardKey } from '../modules/billing/card-crypto';
import { SeededRandom } from './random';
import { DemoShape, demoSubscriber, Row, SEED_COLUMNS, SeedTable } from './demo-rows';
import { demoPrivacyRows } from './demo-privacy-rows';

export interface SeedOptions extends DemoShape {
  subscribers: number;
  seed: number;
  /** Rows per multi-row INSERT. */
  batchSize: number;
  /** Encrypts the demo billing profiles' (test) card numbers; default: the configured key. */
  cardKey?: CardKey;
  /** Default: ID_VERIFICATION_TTL_MINUTES. */
  verificationTtlMinutes?: number;
}

export type SeedCounts = Record<SeedTable, number>;

export type ProgressListener = (counts: SeedCounts, subscribersDone: number, total: number) => void;

const BIG_TABLES = new Set<SeedTable>([
  'subscribers',
  'sessions',
  'payments',
  'support_tickets',
  'ticket_messages',
]);

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
  private sent = 0;
  /** Rows the database has confirmed. */
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
    this.sent += batch.length;
    const confirmed = this.sent;
    this.inFlight = this.connection
      .query(`INSERT INTO ${this.table} (${columns}) VALUES ?`, [batch])
      .then(() => (this.written = confirmed));
    // Marked handled now; the failure still surfaces at the next flush or at close.
    this.inFlight.catch(() => undefined);
  }

  /** Everything added so far is written (and counted) when this resolves. */
  async settle(): Promise<void> {
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
 * `pool`, after whatever is there. The same options give the same rows (card
 * ciphertexts aside: each encryption draws a fresh IV, as the server's does).
 *
 * Each subscriber's rows come from a random stream of its own (the seed and its id), so
 * subscriber N is the same person whatever the other options: a small seed shows the
 * same first subscribers as the default one, which is what README's examples rely on.
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
  const opened: PoolConnection[] = [];
  const open = async () => {
    const connection = await pool.getConnection();
    opened.push(connection);
    await connection.query('SET SESSION foreign_key_checks = 0, time_zone = "+00:00"');
    return connection;
  };
  try {
    // The big tables write in parallel; the small ones share a connection (which
    // queues their statements), so the whole seed needs six connections of the pool.
    const shared = await open();
    for (const table of tables) connections.set(table, BIG_TABLES.has(table) ? await open() : shared);
    const cardKey = options.cardKey ?? currentCardKey(config());
    const verificationTtl = options.verificationTtlMinutes ?? config().ID_VERIFICATION_TTL_MINUTES;
    const first = connections.get('subscribers')!;
    let subscriberId = await nextId(first, 'subscribers');
    let ticketId = await nextId(first, 'support_tickets');
    const writers = new Map(
      tables.map((t) => [t, new BatchWriter(connections.get(t)!, t, options.batchSize)]),
    );
    const counts = (): SeedCounts =>
      Object.fromEntries(tables.map((t) => [t, writers.get(t)!.written])) as SeedCounts;

    for (let done = 0; done < options.subscribers;) {
      const chunk = Math.min(CHUNK, options.subscribers - done);
      for (let i = 0; i < chunk; i++, subscriberId++) {
        const random = SeededRandom.forItem(options.seed, subscriberId);
        const { person, ...history } = demoSubscriber(random, subscriberId, ticketId, options);
        const privacy = demoPrivacyRows(random, person, options.now.getTime(), cardKey, verificationTtl);
        ticketId += history.tickets.length;
        await writers.get('subscribers')!.add([history.subscriber]);
        await writers.get('sessions')!.add(history.sessions);
        await writers.get('payments')!.add(history.payments);
        await writers.get('support_tickets')!.add(history.tickets);
        await writers.get('ticket_messages')!.add(history.messages);
        await writers.get('product_inquiries')!.add(history.inquiries);
        for (const [table, rows] of Object.entries(privacy)) {
          await writers.get(table as SeedTable)!.add(rows);
        }
      }
      done += chunk;
      // Progress counts rows the database has taken, table by table.
      await Promise.all([...writers.values()].map((writer) => writer.settle()));
      onProgress(counts(), done, options.subscribers);
    }
    return counts();
  } finally {
    for (const connection of opened) connection.release();
  }
}
