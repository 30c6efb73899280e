import { parseJson } from './json-column.js';
import type { SqlDb } from './sql-db.js';
import { jsonRows } from './sql-fragments.js';
import type { ItemStatus, Reason } from '../types.js';

/** An item as the review pages and services see it: camelCase, flags as booleans, classification parsed. */
export interface ReviewItem {
  id: number;
  sourceId: string | null;
  sourceName: string | null;
  unit: string | null;
  url: string | null;
  title: string | null;
  text: string;
  authorPseudonym: string | null;
  publishedAt: string | null;
  collectedAt: string;
  status: ItemStatus;
  verdict: string | null;
  assignedTo: number | null;
  assignedUsername: string | null;
  onHold: boolean;
  escalated: boolean;
  /** The unit an escalated or held item waits for (the parent federation; null: admins). */
  flowUnit: string | null;
  maxScore: number | null;
  flagged: boolean;
  duplicateCount: number;
  /** Empty while the item is unclassified (then `classifierVersion` is null). */
  labels: string[];
  scores: Record<string, number>;
  reasons: Reason[];
  classifierVersion: string | null;
  /** Set when retention or a data-subject request erased the post: text, title, URL and author are gone. */
  erasedAt: string | null;
}

interface ReviewItemRow {
  id: number;
  source_id: string | null;
  source_name: string | null;
  unit: string | null;
  url: string | null;
  title: string | null;
  text: string;
  author_pseudonym: string | null;
  published_at: string | null;
  collected_at: string;
  status: ItemStatus;
  verdict: string | null;
  assigned_to: number | null;
  assigned_username: string | null;
  on_hold: number | boolean;
  escalated: number | boolean;
  flow_unit: string | null;
  max_score: number | null;
  flagged: number | boolean;
  duplicate_count: number;
  labels: string | null; // JSON array
  scores: string | null; // JSON object
  reasons: string | null; // JSON array of Reason
  classifier_version: string | null;
  erased_at: string | null;
}

const toReviewItem = (r: ReviewItemRow): ReviewItem => ({
  id: r.id,
  sourceId: r.source_id,
  sourceName: r.source_name,
  unit: r.unit,
  url: r.url,
  title: r.title,
  text: r.text,
  authorPseudonym: r.author_pseudonym,
  publishedAt: r.published_at,
  collectedAt: r.collected_at,
  status: r.status,
  verdict: r.verdict,
  assignedTo: r.assigned_to,
  assignedUsername: r.assigned_username,
  // SQLite gives 0/1, PostgreSQL booleans.
  onHold: Boolean(r.on_hold),
  escalated: Boolean(r.escalated),
  flowUnit: r.flow_unit,
  maxScore: r.max_score,
  flagged: Boolean(r.flagged),
  duplicateCount: r.duplicate_count,
  labels: parseJson<string[]>(r.labels, []),
  scores: parseJson<Record<string, number>>(r.scores, {}),
  reasons: parseJson<Reason[]>(r.reasons, []),
  classifierVersion: r.classifier_version,
  erasedAt: r.erased_at,
});

/** Item reads and the review-state columns (status, assignment) of items; hold and escalation: item-flow.ts. */
export function reviewItemsRepo(db: SqlDb) {
  return {
    async get(id: number): Promise<ReviewItem | undefined> {
      const r = await db.get<ReviewItemRow>(
        `SELECT i.id, i.source_id, s.name AS source_name, i.unit, i.url, i.title, i.text, i.author_pseudonym,
                i.published_at, i.collected_at, i.status, i.verdict, i.assigned_to, u.username AS assigned_username,
                i.on_hold, i.escalated, i.flow_unit, i.max_score, i.flagged, i.duplicate_count, i.erased_at,
                c.labels, c.scores, c.reasons, c.version AS classifier_version
           FROM items i
           LEFT JOIN sources s ON s.id = i.source_id
           LEFT JOIN classifications c ON c.item_id = i.id
           LEFT JOIN users u ON u.id = i.assigned_to
          WHERE i.id = ?`,
        [id],
      );
      return r && toReviewItem(r);
    },
    /** Unit and status only: the cheap check before every write. */
    head(id: number): Promise<{ id: number; unit: string | null; status: ItemStatus; verdict: string | null } | undefined> {
      return db.get(`SELECT id, unit, status, verdict FROM items WHERE id = ?`, [id]);
    },
    rawAuthor(id: number): Promise<string | undefined> {
      return db.get<{ raw_author: string }>(`SELECT raw_author FROM item_authors WHERE item_id = ?`, [id]).then((r) => r?.raw_author);
    },
    async setStatus(id: number, status: ItemStatus, now: string): Promise<void> {
      await db.run(`UPDATE items SET status = ?, status_changed_at = ? WHERE id = ?`, [status, now, id]);
    },
    async setVerdict(id: number, verdict: string, status: ItemStatus, now: string): Promise<void> {
      await db.run(`UPDATE items SET verdict = ?, status = ?, status_changed_at = ? WHERE id = ?`, [verdict, status, now, id]);
    },
    /** Bulk status changes in one statement (imports, benches); run inside `db.write`. */
    async setStatuses(pairs: [number, ItemStatus][], now: string): Promise<void> {
      if (pairs.length === 0) return;
      await db.run(
        `UPDATE items SET status = e.value->>1, status_changed_at = ? FROM ${jsonRows(db)}
         WHERE items.id = ${db.dialect === 'postgres' ? 'CAST(e.value->>0 AS BIGINT)' : 'e.value->>0'}`,
        [now, JSON.stringify(pairs)],
      );
    },
    async assign(id: number, userId: number | null): Promise<void> {
      await db.run(`UPDATE items SET assigned_to = ? WHERE id = ?`, [userId, id]);
    },
    /** Texts for similarity scoring, trimmed: suggestions compare folded words, not whole articles. */
    folded(ids: number[]): Promise<{ id: number; unit: string | null; folded: string }[]> {
      if (ids.length === 0) return Promise.resolve([]);
      return db.all(`SELECT id, unit, substr(folded, 1, 4000) AS folded FROM items WHERE id IN (${ids.map(() => '?').join(',')})`, ids);
    },
    /** Short rows for lists of linked items (similar items, suggestions). */
    briefs(ids: number[]): Promise<{ id: number; title: string | null; snippet: string; unit: string | null; status: ItemStatus; verdict: string | null }[]> {
      if (ids.length === 0) return Promise.resolve([]);
      return db.all(
        `SELECT id, title, substr(text, 1, 200) AS snippet, unit, status, verdict FROM items WHERE id IN (${ids.map(() => '?').join(',')})`,
        ids,
      );
    },
    /** Classification reasons of a page of items (to spot matches with decided claims). */
    async reasonsFor(ids: number[]): Promise<{ itemId: number; reasons: Reason[] }[]> {
      if (ids.length === 0) return [];
      const rows = await db.all<{ item_id: number; reasons: string | null }>(`SELECT item_id, reasons FROM classifications WHERE item_id IN (${ids.map(() => '?').join(',')})`, ids);
      return rows.map((r) => ({ itemId: r.item_id, reasons: parseJson<Reason[]>(r.reasons, []) }));
    },
    /** Units in use. A loose index scan (one seek per distinct unit) stays instant at 1M items. */
    distinctUnits(): Promise<string[]> {
      return db
        .all<{ unit: string }>(
          `WITH RECURSIVE u(unit) AS (
             SELECT min(unit) FROM items
             UNION ALL SELECT (SELECT min(unit) FROM items WHERE unit > u.unit) FROM u WHERE u.unit IS NOT NULL)
           SELECT unit FROM u WHERE unit IS NOT NULL
           UNION SELECT unit FROM users WHERE unit IS NOT NULL
           UNION SELECT unit FROM sources WHERE unit IS NOT NULL
           ORDER BY unit`,
        )
        .then((r) => r.map((x) => x.unit));
    },
    sources(): Promise<{ id: string; name: string }[]> {
      return db.all(`SELECT id, name FROM sources ORDER BY name`);
    },
  };
}
