import type { SqlValue } from './db.js';
import type { SqlDb } from './sql-db.js';

const ROWS_PER_STATEMENT = 128;

/**
 * Inserts many rows with multi-row `INSERT … VALUES (…), (…)` statements: one round trip per 128
 * rows instead of one per row, which is most of the cost with the async driver. A remainder goes
 * in power-of-two chunks (20 rows: 16 + 4), so at most eight statement shapes are ever prepared
 * and a crawled page of 20 posts is two round trips, not the twenty it was (issue 16). Run inside
 * `db.write`.
 */
export async function insertRows(db: SqlDb, table: string, columns: readonly string[], rows: SqlValue[][]): Promise<void> {
  const one = `(${columns.map(() => '?').join(', ')})`;
  const head = `INSERT INTO ${table} (${columns.join(', ')}) VALUES `;
  let i = 0;
  for (let size = ROWS_PER_STATEMENT; size >= 1; size /= 2) {
    const sql = head + Array.from({ length: size }, () => one).join(', ');
    for (; i + size <= rows.length; i += size) await db.run(sql, rows.slice(i, i + size).flat());
  }
}
