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
  return `(${jsonValues(db, param, type)})`;
}

/** The same select without its parentheses, for `x IN (${jsonValues(db)})`. */
export function jsonValues(db: SqlDb, param = '?', type: 'text' | 'int' = 'text'): string {
  if (db.dialect === 'postgres') {
    const v = type === 'int' ? 'CAST(v AS BIGINT)' : 'v';
    return `SELECT ${v} AS value FROM json_array_elements_text(CAST(${param} AS json)) AS v`;
  }
  return `SELECT value FROM json_each(${param})`;
}

/** The larger of two values: SQLite's scalar `max(a, b)`, PostgreSQL's `greatest(a, b)`. */
export function greatest(db: SqlDb, a: string, b: string): string {
  return db.dialect === 'postgres' ? `greatest(${a}, ${b})` : `max(${a}, ${b})`;
}

/** 1 when `cond` holds, else 0 (also for NULL): PostgreSQL neither sums nor coalesces booleans with integers. */
export function flag(cond: string): string {
  return `CASE WHEN ${cond} THEN 1 ELSE 0 END`;
}

/** `json_group_array(x)` (SQLite) / `json_agg(x)` (PostgreSQL) as JSON text; NULL-free input gives the same array. */
export function jsonArrayAgg(db: SqlDb, expr: string): string {
  return db.dialect === 'postgres' ? `CAST(coalesce(json_agg(${expr}), '[]') AS TEXT)` : `json_group_array(${expr})`;
}

/**
 * A top-level field of a JSON object kept in a TEXT column, as text (`->>`): SQLite reads the
 * column's text as JSON, PostgreSQL needs it cast first (JSON columns stay TEXT on both).
 */
export function jsonField(db: SqlDb, column: string, key: string): string {
  return db.dialect === 'postgres' ? `(CAST(${column} AS json)->>'${key}')` : `${column}->>'${key}'`;
}

/** Length of the array at a top-level key of a JSON TEXT column; NULL when absent or not an array. */
export function jsonArrayLength(db: SqlDb, column: string, key: string): string {
  if (db.dialect === 'postgres') {
    const v = `CAST(${column} AS json)->'${key}'`;
    return `json_array_length(CASE WHEN json_typeof(${v}) = 'array' THEN ${v} END)`;
  }
  return `json_array_length(${column}, '$.${key}')`;
}

/**
 * An inner join SQLite must keep in the written order (`CROSS JOIN … ON`, its documented way to fix
 * the join order); PostgreSQL takes no ON after CROSS JOIN and chooses the order itself.
 */
export function joinInOrder(db: SqlDb): string {
  return db.dialect === 'postgres' ? 'JOIN' : 'CROSS JOIN';
}

/**
 * A column checked row by row rather than chosen as the index: SQLite's unary `+` hint; PostgreSQL
 * has no such hint (and no unary + on text), its planner chooses.
 */
export function perRow(db: SqlDb, column: string): string {
  return db.dialect === 'postgres' ? column : `+${column}`;
}
