import type { Classification } from '../types.js';
import type { Db } from './db.js';

export interface ClassificationEntry {
  itemId: number;
  classification: Classification;
  classifiedAt: string;
}

export interface StoredClassification extends Classification {
  itemId: number;
  classifiedAt: string;
}

/**
 * Classification details (labels, scores, reasons) plus the summary the queue sorts and filters on
 * (items.max_score / flagged / classified_at, item_labels). Saving replaces any earlier result, so
 * re-classifying after a rules change is the same call.
 */
export function classificationsRepo(db: Db) {
  return {
    /** Run inside `db.write` (several statements must land together). */
    async saveMany(entries: ClassificationEntry[]): Promise<void> {
      if (entries.length === 0) return;
      const json = JSON.stringify(
        entries.map(({ itemId, classification: c, classifiedAt }) => ({
          itemId,
          version: c.version,
          labels: JSON.stringify(c.labels),
          scores: JSON.stringify(c.scores),
          reasons: JSON.stringify(c.reasons),
          classifiedAt,
          maxScore: Math.max(0, ...Object.values(c.scores)),
          flagged: c.labels.length > 0 ? 1 : 0,
          labelRows: c.labels.map((l) => [l, c.scores[l] ?? 0]),
        })),
      );
      await db.run(`DELETE FROM item_labels WHERE item_id IN (SELECT value->>'itemId' FROM json_each(?))`, [json]);
      await db.run(`INSERT OR REPLACE INTO classifications (item_id, version, labels, scores, reasons, classified_at)
        SELECT value->>'itemId', value->>'version', value->>'labels', value->>'scores', value->>'reasons', value->>'classifiedAt'
        FROM json_each(?)`, [json]);
      await db.run(`INSERT INTO item_labels (item_id, label, score)
        SELECT e.value->>'itemId', l.value->>0, l.value->>1 FROM json_each(?) e, json_each(e.value, '$.labelRows') l`, [json]);
      await db.run(`UPDATE items SET max_score = e.value->>'maxScore', flagged = e.value->>'flagged',
          classified_at = e.value->>'classifiedAt'
        FROM json_each(?) e WHERE items.id = e.value->>'itemId'`, [json]);
    },

    async get(itemId: number): Promise<StoredClassification | undefined> {
      const r = await db.get<{ version: string; labels: string; scores: string; reasons: string; classified_at: string }>(
        'SELECT version, labels, scores, reasons, classified_at FROM classifications WHERE item_id = ?',
        [itemId],
      );
      if (!r) return undefined;
      return {
        itemId,
        version: r.version,
        labels: JSON.parse(r.labels),
        scores: JSON.parse(r.scores),
        reasons: JSON.parse(r.reasons),
        classifiedAt: r.classified_at,
      };
    },
  };
}

export type ClassificationsRepo = ReturnType<typeof classificationsRepo>;
