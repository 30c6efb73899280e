import type { Db } from './db.js';

export interface QueueRow {
  id: number;
  title: string | null;
  text: string;
  unit: string | null;
  source_id: string | null;
  status: string;
  max_score: number | null;
  collected_at: string;
}

/** Read side of the review queue. Filters and keyset pagination grow here. */
export function queueRepo(db: Db) {
  return {
    recent(limit = 50): Promise<QueueRow[]> {
      return db.all<QueueRow>(
        `SELECT id, title, substr(text, 1, 300) AS text, unit, source_id, status, max_score, collected_at
           FROM items ORDER BY collected_at DESC, id DESC LIMIT ?`,
        [limit],
      );
    },
  };
}
