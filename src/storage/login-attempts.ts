import type { SqlDb } from './sql-db.js';

/** Failed logins per key ("user:<name>", "ip:<addr>") for throttling; old rows are pruned. */
export function loginAttemptsRepo(db: SqlDb) {
  return {
    /** Returns the new rows' ids (a successful login takes its own back with `remove`). */
    async record(keys: string[], atMs: number): Promise<number[]> {
      const ids: number[] = [];
      for (const key of keys) ids.push((await db.get<{ id: number }>(`INSERT INTO login_attempts (key, at_ms) VALUES (?, ?) RETURNING id`, [key, atMs]))!.id);
      return ids;
    },
    async remove(ids: number[]): Promise<void> {
      for (const id of ids) await db.run(`DELETE FROM login_attempts WHERE id = ?`, [id]);
    },
    /** Failures for `key` since `sinceMs`, and the oldest of them (to compute Retry-After). */
    recent(key: string, sinceMs: number): Promise<{ n: number; oldest: number | null }> {
      return db
        .get<{ n: number; oldest: number | null }>(
          `SELECT count(*) AS n, min(at_ms) AS oldest FROM login_attempts WHERE key = ? AND at_ms >= ?`,
          [key, sinceMs],
        )
        .then((r) => r ?? { n: 0, oldest: null });
    },
    async clear(key: string): Promise<void> {
      await db.run(`DELETE FROM login_attempts WHERE key = ?`, [key]);
    },
    async prune(beforeMs: number): Promise<number> {
      return (await db.run(`DELETE FROM login_attempts WHERE at_ms < ?`, [beforeMs])).changes;
    },
  };
}
