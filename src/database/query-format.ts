import { format } from 'mysql2';

type Values = Parameters<typeof format>[1];
type Timezone = Parameters<typeof format>[3];

/**
 * How the pool puts values into a statement's text: mysql2's own formatting, except that a
 * statement with no values is sent as it is.
 *
 * mysql2 formats every statement, and one without values is still scanned from end to end
 * for placeholders, past every quoted literal: the access log's insert of a page (its values
 * already written as literals, ~25 kB) spent a tenth of its client CPU in that scan
 * (docs/performance.md, "Seventh round"). With no values there is nothing to put in, so the
 * text is the same either way. Everything else goes through mysql2's `format`, with the
 * same arguments its default passes: objects not stringified, dates in the pool's zone.
 */
export function queryFormat(sql: string, values: unknown, timezone?: string): string {
  if (hasNoValues(values)) return sql;
  return format(sql, values as Values, false, timezone as Timezone);
}

/** Whether a statement comes with no values to put in (mysql2 passes `[]` for none). */
export function hasNoValues(values: unknown): boolean {
  return values === undefined || values === null || (Array.isArray(values) && values.length === 0);
}
