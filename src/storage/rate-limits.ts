import type { SqlDb } from './sql-db.js';

export interface RateTake {
  ok: boolean;
  /** Calls counted in the window, this one included when it was allowed. */
  used: number;
  /** When the oldest counted call leaves the window (ms since epoch); null when none is counted. */
  oldestAtMs: number | null;
  /** The first refusal since the key's window filled: audited once, not once per refused call. */
  firstRefusal: boolean;
}

/**
 * Sliding-window rate limits kept in the database, so that every web node counts the same calls.
 * A take runs in one write under a lock on its key: two nodes never both let the last call through.
 * Rows older than the window go on every take of the bucket, so nothing outlives its window.
 */
export function rateLimitsRepo(db: SqlDb) {
  return {
    take(bucket: string, keyHash: string, limit: number, windowMs: number, nowMs: number): Promise<RateTake> {
      return db.write(async () => {
        await db.lock(`rate:${bucket}:${keyHash}`);
        const from = nowMs - windowMs;
        await db.run('DELETE FROM rate_hits WHERE bucket = ? AND at_ms <= ?', [bucket, from]);
        const r = await db.get<{ used: number | null; refusals: number | null; oldest: number | null }>(
          `SELECT sum(CASE WHEN refused = 0 THEN 1 ELSE 0 END) AS used, sum(refused) AS refusals,
                  min(CASE WHEN refused = 0 THEN at_ms END) AS oldest
             FROM rate_hits WHERE bucket = ? AND key_hash = ?`,
          [bucket, keyHash],
        );
        const used = Number(r?.used ?? 0);
        const oldest = r?.oldest == null ? null : Number(r.oldest);
        if (used < limit) {
          await db.run('INSERT INTO rate_hits (bucket, key_hash, at_ms, refused) VALUES (?, ?, ?, 0)', [bucket, keyHash, nowMs]);
          return { ok: true, used: used + 1, oldestAtMs: oldest ?? nowMs, firstRefusal: false };
        }
        const first = Number(r?.refusals ?? 0) === 0;
        if (first) await db.run('INSERT INTO rate_hits (bucket, key_hash, at_ms, refused) VALUES (?, ?, ?, 1)', [bucket, keyHash, nowMs]);
        return { ok: false, used, oldestAtMs: oldest, firstRefusal: first };
      });
    },
  };
}
