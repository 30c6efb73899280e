import type { SqlDb } from './sql-db.js';

/**
 * The few SQL spellings SQLite and PostgreSQL do not share, as fragments a repository splices into
 * otherwise portable statements. Batches travel as one JSON array parameter (one prepared shape
 * whatever the batch size); each engine unpacks it with its own table function.
 */

/**
 * A FROM item yielding one row per element of a JSON array parameter, its element as column
 * `value` of `alias` (read fields with `alias.value->>'key'`, which both engines understand).
 * Cast what you read (`CAST(x AS BIGINT)`): PostgreSQL's `->>` gives text and does not coerce it.
 */
export function jsonRows(db: SqlDb, alias = 'e', param = '?'): string {
  return db.dialect === 'postgres' ? `json_array_elements(CAST(${param} AS json)) AS ${alias}(value)` : `json_each(${param}) AS ${alias}`;
}

/**
 * `(SELECT value …)` of the scalars in a JSON array parameter, for `x IN ${jsonList(…)}` or as a
 * FROM item with column `value`; `int` for integer columns.
 */
export function jsonList(db: SqlDb, param = '?', type: 'text' | 'int' = 'text'): string {
  if (db.dialect === 'postgres') {
    const v = type === 'int' ? 'CAST(v AS BIGINT)' : 'v';
    return `(SELECT ${v} AS value FROM json_array_elements_text(CAST(${param} AS json)) AS v)`;
  }
  return `(SELECT value FROM json_each(${param}))`;
}

/** `json_group_array(x)` (SQLite) / `json_agg(x)` (PostgreSQL) as JSON text; NULL-free input gives the same array. */
export function jsonArrayAgg(db: SqlDb, expr: string): string {
  return db.dialect === 'postgres' ? `CAST(coalesce(json_agg(${expr}), '[]') AS TEXT)` : `json_group_array(${expr})`;
}
