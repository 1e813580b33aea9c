import { dirname, join } from 'node:path';

/**
 * mysql2's connection class, whose `query` every statement and packet a client sends
 * passes: the pool's, TypeORM's and the access log's own connection alike. Its package
 * exports no such path, so it is loaded from the package's folder.
 */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const DriverConnection = require(join(dirname(require.resolve('mysql2')), 'lib/base/connection.js')) as {
  prototype: { query(sql: string | { sql: string }, values?: unknown): unknown };
};

/** What the driver sends while `run` runs: each packet's SQL text and values. */
export async function packetsOf(run: () => Promise<unknown>): Promise<{ sql: string; values: unknown }[]> {
  const query = jest.spyOn(DriverConnection.prototype, 'query');
  try {
    await run();
    // The values come with the text or after it; a function there is the callback.
    return query.mock.calls.map(([sql, values]) => ({
      sql: typeof sql === 'string' ? sql : sql.sql,
      values:
        (typeof sql === 'string' ? undefined : (sql as { values?: unknown }).values) ??
        (typeof values === 'function' ? undefined : values),
    }));
  } finally {
    query.mockRestore();
  }
}

/** The escaping library the driver formats statements with, as the driver itself loads it. */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const DriverEscaper = require(
  require.resolve('sql-escaper', { paths: [dirname(require.resolve('mysql2'))] }),
) as { format(sql: string, values: unknown): string };

/** How many statements the driver formatted (scanned for placeholders) while `run` ran. */
export async function formattedWhile(run: () => Promise<unknown>): Promise<number> {
  const format = jest.spyOn(DriverEscaper, 'format');
  try {
    await run();
    return format.mock.calls.length;
  } finally {
    format.mockRestore();
  }
}
