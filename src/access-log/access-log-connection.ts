import { createPool, Pool, PoolConnection, ResultSetHeader, RowDataPacket } from 'mysql2/promise';
import type { DataSource } from 'typeorm';
import type { MysqlDataSourceOptions } from 'typeorm/driver/mysql/MysqlDataSourceOptions';
import { CLIENT_GRACE_MS } from '../database/timeouts';
import { hasNoValues } from '../database/query-format';

/** How the access log's own connection reaches the primary. */
export interface AccessLogConnectionOptions {
  url: string;
  statementTimeoutMs: number;
  connectTimeoutMs: number;
}

type Results = (RowDataPacket[] | ResultSetHeader)[];

/**
 * The connection of this process's access-log group commit (access-log-group-commit.ts),
 * kept apart from the request pool for one reason: it sends a transaction's statements
 * several to a packet. Through the pool, an append was six round trips under the chain's
 * head lock (isolation, begin, lock, insert, head, commit), one after another, while every
 * audited request of the process waited for it; here it is one packet, or two when the
 * head must be locked first (access-log-group-commit.ts; docs/performance.md, "Eighth
 * round" and "Ninth round").
 *
 * Several statements to a packet is a capability that turns an injected quote into an
 * injected statement, so only this connection has it, and only the access log's own
 * statements run on it: the lock and head statements are constant, and the insert's
 * values are literals each escaped by the driver or matched against a digits-or-hex
 * pattern first (access-log-insert.ts). One connection suffices: the group commit runs
 * one transaction at a time. A connection that fails is dropped and the next append opens
 * another.
 */
export class AccessLogConnection {
  private pool: Pool | null = null;

  constructor(private readonly options: AccessLogConnectionOptions) {}

  /**
   * Runs `statements` (`;`-joined) as one packet and returns each statement's result,
   * bounded as the pool's statements are: by MariaDB's limit, set on each new session, and
   * by the driver just past it. Without a limit (commands, migrations) neither applies.
   */
  async run(connection: PoolConnection, statements: string[]): Promise<Results> {
    const { statementTimeoutMs } = this.options;
    const [results] = await connection.query({
      sql: statements.join(';\n'),
      ...(statementTimeoutMs > 0 ? { timeout: statementTimeoutMs + CLIENT_GRACE_MS } : {}),
    });
    return (statements.length === 1 ? [results] : results) as Results;
  }

  /** The connection, held by one transaction until `release`. */
  async acquire(): Promise<PoolConnection> {
    this.pool ??= this.createPool();
    return this.pool.getConnection();
  }

  async close(): Promise<void> {
    const pool = this.pool;
    this.pool = null;
    await pool?.end();
  }

  private createPool(): Pool {
    const { url, statementTimeoutMs, connectTimeoutMs } = this.options;
    const pool = createPool({
      uri: url,
      connectionLimit: 1,
      multipleStatements: true,
      charset: 'utf8mb4_unicode_ci',
      timezone: 'Z',
      supportBigNumbers: true,
      bigNumberStrings: true,
      connectTimeout: connectTimeoutMs,
      enableKeepAlive: true,
      trace: false,
      // The log's statements carry their values as literals and have no placeholders: the
      // driver's format would only scan each insert's text (about 15 kB for a page of 50)
      // for question marks, as the pool's queryFormat (database/query-format.ts) avoids too.
      queryFormat: withoutPlaceholders,
    });
    pool.pool.on('connection', (connection) => {
      // Strict, whatever the server's default: the guarded append relies on a NULL previous
      // hash failing its insert (access-log-insert.ts), not being stored as ''. A session
      // that cannot be made strict is closed, and the append that holds it fails.
      connection.query(
        `SET SESSION sql_mode = CONCAT_WS(',', NULLIF(@@SESSION.sql_mode, ''), 'STRICT_ALL_TABLES')`,
        (error) => {
          if (error) connection.destroy();
        },
      );
      // MariaDB's own statement limit, as every pooled session has (database/timeouts.ts);
      // MySQL has none, and the driver's limit still applies.
      if (statementTimeoutMs > 0) {
        connection.query(`SET SESSION max_statement_time = ${statementTimeoutMs / 1000}`, () => {});
      }
    });
    return pool;
  }
}

/** The driver's formatting on this connection: the text as it is, and no values accepted. */
function withoutPlaceholders(sql: string, values: unknown): string {
  if (!hasNoValues(values)) {
    throw new Error("the access log's connection takes no statement values");
  }
  return sql;
}

/**
 * The log connection of a data source: to where its writes go (its URL, or its primary's
 * with replicas), with its statement and connect limits.
 */
export function accessLogConnectionOptions(db: DataSource): AccessLogConnectionOptions {
  const options = db.options as MysqlDataSourceOptions;
  const url = options.replication?.master.url ?? options.url;
  if (!url) throw new Error('the access log needs the database URL of the primary');
  return {
    url,
    statementTimeoutMs: options.enableQueryTimeout
      ? (options.maxQueryExecutionTime ?? 0) - CLIENT_GRACE_MS
      : 0,
    connectTimeoutMs: options.connectTimeout ?? 10_000,
  };
}
