import { parseJson } from './json-column.js';
import type { SqlDb } from './sql-db.js';

export interface BacktestItem {
  id: number;
  title: string | null;
  text: string;
  unit: string | null;
  verdict: string | null;
  flagged: number;
  collected_at: string;
}

/** Reads for the admin tools that no other repository covers. */
export function adminQueriesRepo(db: SqlDb) {
  return {
    /** Items collected since `since`, newest first, in pages (keyset on id). */
    backtestPage(since: string, beforeId: number | null, limit: number): Promise<BacktestItem[]> {
      return db.all<BacktestItem>(
        `SELECT id, title, text, unit, verdict, flagged, collected_at FROM items
         WHERE collected_at >= ?1 AND (CAST(?2 AS BIGINT) IS NULL OR id < ?2) ORDER BY id DESC LIMIT ?3`,
        [since, beforeId, limit],
      );
    },

    countSince(since: string): Promise<number> {
      return db.get<{ n: number }>('SELECT count(*) AS n FROM items WHERE collected_at >= ?', [since]).then((r) => r?.n ?? 0);
    },

    /**
     * Reviewed items as training rows: text, the labels the classifier gave, the verdict and when it
     * was decided (the item's latest verdict; its last status change for an item without verdict
     * rows), the `limit` most recently decided.
     */
    async verdictExamples(limit: number): Promise<{ title: string | null; text: string; verdict: string; labels: string[]; decidedAt: string }[]> {
      const rows = await db.all<{ title: string | null; text: string; verdict: string; labels: string | null; decided_at: string }>(
        `SELECT title, text, verdict, labels, decided_at FROM (
           SELECT i.id, i.title, i.text, i.verdict, (SELECT json_group_array(l.label) FROM item_labels l WHERE l.item_id = i.id) AS labels,
                  coalesce((SELECT max(v.created_at) FROM verdicts v WHERE v.item_id = i.id), i.status_changed_at, i.collected_at) AS decided_at
           FROM items i WHERE i.verdict IS NOT NULL AND i.verdict <> 'unverifiable')
         ORDER BY decided_at DESC, id DESC LIMIT ?`,
        [limit],
      );
      return rows.map((r) => ({ title: r.title, text: r.text, verdict: r.verdict, labels: parseJson<string[]>(r.labels, []), decidedAt: r.decided_at }));
    },

    /** Per source: items of its last runs, for the sources admin page. */
    recentRuns(sourceId: string, limit: number) {
      return db.all<{ started_at: string; status: string; found: number; new_count: number; error: string | null }>(
        `SELECT started_at, status, found, new_count, error FROM crawl_runs WHERE source_id = ? ORDER BY started_at DESC LIMIT ?`,
        [sourceId, limit],
      );
    },
  };
}

export type AdminQueries = ReturnType<typeof adminQueriesRepo>;
