/**
 * A list of row ids as a table to join, for a statement that reads the rows of a page's
 * owners by index look-up: `FROM ${idTable('j')} JOIN facts f ON f.subscriber_id = j.id`,
 * with `idTableParam(ids)` as its parameter.
 *
 * `WHERE subscriber_id IN (…50 ids…)` makes MariaDB plan 50 ranges on the index, and count
 * the rows of each, for every statement: on the billing gate's facts (two tables, a page of
 * 50 subscribers) that planning was a third of the statement's time. Joined to the ids as
 * a table, each table is read by `ref`, one look-up per id, with nothing to plan per id
 * (docs/performance.md, "Sixth round"). The ids travel as one JSON array parameter, so the
 * statement's text is the same for every page.
 */
export function idTable(alias: string): string {
  return `JSON_TABLE(?, '$[*]' COLUMNS (id BIGINT UNSIGNED PATH '$' ERROR ON ERROR)) AS ${alias}`;
}

const DIGITS = /^[0-9]{1,20}$/;

/**
 * The parameter of `idTable`. Ids come from rows the request already read; anything else is
 * a programming error, refused rather than read as 0 (MariaDB converts a bad number to 0
 * with a warning only).
 */
export function idTableParam(ids: readonly string[]): string {
  for (const id of ids) {
    if (!DIGITS.test(id)) throw new TypeError('idTableParam: ids must be unsigned integers');
  }
  return JSON.stringify(ids);
}
