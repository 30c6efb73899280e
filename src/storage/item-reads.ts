import { foldText } from '../text/index.js';
import { ftsParam } from './fts.js';
import type { SqlDb } from './sql-db.js';
import { jsonArrayAgg } from './sql-fragments.js';

/** An item as lists, search results and exports see it. Never carries the raw author. */
export interface ItemSummary {
  id: number;
  sourceId: string | null;
  unit: string | null;
  url: string | null;
  title: string | null;
  text: string;
  authorPseudonym: string | null;
  publishedAt: string | null;
  collectedAt: string;
  status: string;
  classifiedAt: string | null;
  maxScore: number | null;
  flagged: boolean;
  labels: string[];
  duplicateCount: number;
}

interface Raw {
  id: number;
  source_id: string | null;
  unit: string | null;
  url: string | null;
  title: string | null;
  text: string;
  author_pseudonym: string | null;
  published_at: string | null;
  collected_at: string;
  status: string;
  classified_at: string | null;
  max_score: number | null;
  flagged: number;
  labels: string | null;
  duplicate_count: number;
}

const columns = (db: SqlDb) => `i.id, i.source_id, i.unit, i.url, i.title, i.text, i.author_pseudonym, i.published_at, i.collected_at,
  i.status, i.classified_at, i.max_score, i.flagged, i.duplicate_count,
  (SELECT ${jsonArrayAgg(db, 'label')} FROM (SELECT label FROM item_labels WHERE item_id = i.id ORDER BY score DESC) AS l) AS labels`;

const toSummary = (r: Raw): ItemSummary => ({
  id: r.id,
  sourceId: r.source_id,
  unit: r.unit,
  url: r.url,
  title: r.title,
  text: r.text,
  authorPseudonym: r.author_pseudonym,
  publishedAt: r.published_at,
  collectedAt: r.collected_at,
  status: r.status,
  classifiedAt: r.classified_at,
  maxScore: r.max_score,
  flagged: r.flagged === 1,
  labels: r.labels ? (JSON.parse(r.labels) as string[]) : [],
  duplicateCount: r.duplicate_count,
});

/**
 * Turns free user input into a safe FTS5 query: folded like the indexed text (so "cong doan" and
 * "công đoàn" both match), every term quoted so FTS syntax (AND, NEAR, *, ", :, -) is literal,
 * terms ANDed. Returns null when nothing searchable is left.
 */
export function ftsQuery(userQuery: string): string | null {
  const terms = foldText(userQuery).split(/\s+/).filter(Boolean);
  return terms.length ? terms.map((t) => `"${t.replace(/"/g, '""')}"`).join(' ') : null;
}

export function itemReads(db: SqlDb) {
  const COLUMNS = columns(db);
  return {
    async get(id: number): Promise<ItemSummary | undefined> {
      const r = await db.get<Raw>(`SELECT ${COLUMNS} FROM items i WHERE i.id = ?`, [id]);
      return r && toSummary(r);
    },

    /** Newest first, keyset-paged by id; `flagged` limits to items with a label above threshold. */
    async list(opts: { limit?: number; beforeId?: number; flagged?: boolean } = {}): Promise<ItemSummary[]> {
      const rows = await db.all<Raw>(
        `SELECT ${COLUMNS} FROM items i WHERE i.id < ?1 AND (CAST(?2 AS INTEGER) IS NULL OR i.flagged = ?2) ORDER BY i.id DESC LIMIT ?3`,
        [opts.beforeId ?? Number.MAX_SAFE_INTEGER, opts.flagged === undefined ? null : Number(opts.flagged), opts.limit ?? 50],
      );
      return rows.map(toSummary);
    },

    /** Full-text search over folded title + text, best match first. */
    async search(query: string, opts: { limit?: number; offset?: number } = {}): Promise<ItemSummary[]> {
      const match = ftsQuery(query);
      if (!match) return [];
      const rows = await db.all<Raw>(
        db.dialect === 'postgres'
          ? `SELECT ${COLUMNS} FROM items i WHERE i.folded_tsv @@ to_tsquery('simple', ?1)
             ORDER BY ts_rank(i.folded_tsv, to_tsquery('simple', ?1)) DESC, i.id DESC LIMIT ?2 OFFSET ?3`
          : `SELECT ${COLUMNS} FROM items_fts f JOIN items i ON i.id = f.rowid
             WHERE items_fts MATCH ?1 ORDER BY f.rank LIMIT ?2 OFFSET ?3`,
        [ftsParam(db, match), opts.limit ?? 50, opts.offset ?? 0],
      );
      return rows.map(toSummary);
    },

    /**
     * Every item in id order, one page at a time, so exports of any size run in constant memory.
     * Keyset paging: each page is a short read, never one long-held snapshot.
     */
    async *iterate(pageSize = 500): AsyncGenerator<ItemSummary> {
      let after = 0;
      for (;;) {
        const rows = await db.all<Raw>(`SELECT ${COLUMNS} FROM items i WHERE i.id > ? ORDER BY i.id LIMIT ?`, [after, pageSize]);
        for (const r of rows) yield toSummary(r);
        if (rows.length < pageSize) return;
        after = rows[rows.length - 1].id;
      }
    },
  };
}
