import type { SqlValue } from './db.js';
import type { SqlDb } from './sql-db.js';

const ROWS_PER_STATEMENT = 100;

/**
 * Inserts many rows with multi-row `INSERT … VALUES (…), (…)` statements: one round trip per 100
 * rows instead of one per row, which is most of the cost with the async driver. Only two
 * statement shapes are ever prepared (100 rows, and 1 row for the remainder). Run inside `db.write`.
 */
export async function insertRows(db: SqlDb, table: string, columns: readonly string[], rows: SqlValue[][]): Promise<void> {
  const one = `(${columns.map(() => '?').join(', ')})`;
  const head = `INSERT INTO ${table} (${columns.join(', ')}) VALUES `;
  const full = head + Array.from({ length: ROWS_PER_STATEMENT }, () => one).join(', ');
  let i = 0;
  for (; i + ROWS_PER_STATEMENT <= rows.length; i += ROWS_PER_STATEMENT) {
    await db.run(full, rows.slice(i, i + ROWS_PER_STATEMENT).flat());
  }
  for (; i < rows.length; i++) await db.run(head + one, rows[i]);
}
