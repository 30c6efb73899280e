import type { Classification } from '../types.js';
import type { SqlDb } from './sql-db.js';
import { jsonRows } from './sql-fragments.js';

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
/** What items carry of a classification for the queue: its top score and whether it flagged anything. */
export function classificationSummary(c: Classification): { maxScore: number; flagged: 0 | 1 } {
  return { maxScore: Math.max(0, ...Object.values(c.scores)), flagged: c.labels.length > 0 ? 1 : 0 };
}

export function classificationsRepo(db: SqlDb) {
  return {
    /**
     * Run inside `db.write` (several statements must land together). `fresh`: the items were just
     * inserted in this write with their summary columns already set (NewItem.summary), so they
     * have no labels to clear and their rows need no second write (on PostgreSQL that update
     * wrote every new item twice, through its twenty indexes and its text search column: issue 16).
     */
    async saveMany(entries: ClassificationEntry[], opts: { fresh?: boolean } = {}): Promise<void> {
      if (entries.length === 0) return;
      const json = JSON.stringify(
        entries.map(({ itemId, classification: c, classifiedAt }) => ({
          itemId,
          version: c.version,
          labels: JSON.stringify(c.labels),
          scores: JSON.stringify(c.scores),
          reasons: JSON.stringify(c.reasons),
          classifiedAt,
          ...classificationSummary(c),
          labelRows: c.labels.map((l) => [l, c.scores[l] ?? 0]),
        })),
      );
      const id = `CAST(e.value->>'itemId' AS BIGINT)`;
      const labelRows = db.dialect === 'postgres' ? `json_array_elements(e.value->'labelRows') AS l(value)` : `json_each(e.value, '$.labelRows') AS l`;
      if (!opts.fresh) await db.run(`DELETE FROM item_labels WHERE item_id IN (SELECT ${id} FROM ${jsonRows(db)})`, [json]);
      // An upsert rather than a replace: an update of reasons refreshes item_rule_hits (trigger) on both engines.
      await db.run(`INSERT INTO classifications (item_id, version, labels, scores, reasons, classified_at)
        SELECT ${id}, e.value->>'version', e.value->>'labels', e.value->>'scores', e.value->>'reasons', e.value->>'classifiedAt'
        FROM ${jsonRows(db)} WHERE true
        ON CONFLICT (item_id) DO UPDATE SET version = excluded.version, labels = excluded.labels, scores = excluded.scores,
          reasons = excluded.reasons, classified_at = excluded.classified_at`, [json]);
      await db.run(`INSERT INTO item_labels (item_id, label, score)
        SELECT ${id}, l.value->>0, CAST(l.value->>1 AS DOUBLE PRECISION) FROM ${jsonRows(db)}, ${labelRows}`, [json]);
      if (opts.fresh) return;
      await db.run(`UPDATE items SET max_score = CAST(e.value->>'maxScore' AS DOUBLE PRECISION), flagged = CAST(e.value->>'flagged' AS INTEGER),
          classified_at = e.value->>'classifiedAt'
        FROM ${jsonRows(db)} WHERE items.id = ${id}`, [json]);
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
