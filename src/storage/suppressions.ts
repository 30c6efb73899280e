import type { SqlDb } from './sql-db.js';
import { jsonList } from './sql-fragments.js';

export type SuppressionKind = 'handle' | 'url';

export interface NewSuppression {
  /** subjectHash() of the handle or URL (src/privacy/subject-hash.ts): never the value itself. */
  hash: string;
  kind: SuppressionKind;
  requestId: number | null;
}

/**
 * The suppression list: keyed hashes of handles and URLs erased on a person's request, so a
 * re-crawl or re-import never brings their posts back. Only hashes are stored.
 */
export function suppressionsRepo(db: SqlDb) {
  return {
    /** Which of `hashes` are suppressed (one lookup on the primary key per hash). */
    async has(hashes: string[]): Promise<Set<string>> {
      if (hashes.length === 0) return new Set();
      const rows = await db.all<{ hash: string }>(
        `SELECT hash FROM suppressions WHERE hash IN ${jsonList(db)}`,
        [JSON.stringify([...new Set(hashes)])],
      );
      return new Set(rows.map((r) => r.hash));
    },

    /** Whether the list has any entry: lets ingest skip hashing altogether while it is empty. */
    async any(): Promise<boolean> {
      return (await db.get('SELECT 1 AS x FROM suppressions LIMIT 1')) !== undefined;
    },

    /** Adds entries (an entry already present keeps its first request); returns how many were new. Run inside db.write(). */
    async add(entries: NewSuppression[], at: string): Promise<number> {
      let added = 0;
      for (const e of entries) {
        const r = await db.run('INSERT INTO suppressions (hash, kind, request_id, created_at) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING', [e.hash, e.kind, e.requestId, at]);
        added += r.changes;
      }
      return added;
    },

    async count(): Promise<{ handle: number; url: number }> {
      const rows = await db.all<{ kind: SuppressionKind; n: number }>('SELECT kind, count(*) AS n FROM suppressions GROUP BY kind');
      const out = { handle: 0, url: 0 };
      for (const r of rows) out[r.kind] = r.n;
      return out;
    },
  };
}
