import type { Db, SqlValue } from './db.js';
import type { ItemStatus } from '../types.js';

export interface QueueFilter {
  label?: string;
  status?: ItemStatus;
  unit?: string;
  source?: string;
  /** Inclusive bounds on collected_at, ISO dates or timestamps. */
  from?: string;
  to?: string;
  minScore?: number;
  /** Folded FTS5 query (already built by the caller from foldText). */
  match?: string;
  /** Only classifier-flagged items (the default queue). */
  flaggedOnly?: boolean;
  assignedTo?: number;
}
export type QueueSort = 'new' | 'score';
export interface QueueCursor {
  id: number;
  score?: number;
}
export interface QueueRow {
  id: number;
  title: string | null;
  snippet: string;
  unit: string | null;
  source_id: string | null;
  status: ItemStatus;
  verdict: string | null;
  score: number | null;
  collected_at: string;
  published_at: string | null;
  assigned_to: number | null;
  on_hold: number;
  escalated: number;
}

function where(f: QueueFilter, withLabelJoin: boolean): { sql: string; params: SqlValue[] } {
  const c: string[] = [];
  const p: SqlValue[] = [];
  if (f.flaggedOnly !== false && !withLabelJoin) c.push('i.flagged = 1');
  if (f.status) (c.push('i.status = ?'), p.push(f.status));
  if (f.unit) (c.push('i.unit = ?'), p.push(f.unit));
  if (f.source) (c.push('i.source_id = ?'), p.push(f.source));
  if (f.from) (c.push('i.collected_at >= ?'), p.push(f.from));
  if (f.to) (c.push('i.collected_at <= ?'), p.push(f.to));
  if (f.assignedTo != null) (c.push('i.assigned_to = ?'), p.push(f.assignedTo));
  if (f.match) (c.push('i.id IN (SELECT rowid FROM items_fts WHERE items_fts MATCH ?)'), p.push(f.match));
  return { sql: c.length ? c.join(' AND ') : '1', params: p };
}

/**
 * The review queue: filtered, keyset-paginated reads shaped so each filter has an index path
 * (see migration 003). "Newest" is id order: ids are assigned at collection time.
 */
export function queueRepo(db: Db) {
  return {
    async page(f: QueueFilter, sort: QueueSort, limit: number, after?: QueueCursor): Promise<QueueRow[]> {
      const byLabel = Boolean(f.label);
      const w = where(f, byLabel);
      const score = byLabel ? 'l.score' : 'i.max_score';
      const cond = [w.sql];
      const params: SqlValue[] = [];
      if (byLabel) params.push(f.label!);
      params.push(...w.params);
      if (f.minScore != null) (cond.push(`${score} >= ?`), params.push(f.minScore));
      if (sort === 'score') {
        cond.push(`${score} IS NOT NULL`);
        if (after) (cond.push(`(${score} < ? OR (${score} = ? AND i.id < ?))`), params.push(after.score ?? 0, after.score ?? 0, after.id));
      } else if (after) (cond.push('i.id < ?'), params.push(after.id));
      const order = sort === 'score' ? `${score} DESC, i.id DESC` : 'i.id DESC';
      params.push(limit);
      return db.all<QueueRow>(
        `SELECT i.id, i.title, substr(i.text, 1, 240) AS snippet, i.unit, i.source_id, i.status, i.verdict,
                ${score} AS score, i.collected_at, i.published_at, i.assigned_to, i.on_hold, i.escalated
           FROM items i ${byLabel ? 'JOIN item_labels l ON l.item_id = i.id AND l.label = ?' : ''}
          WHERE ${cond.join(' AND ')} ORDER BY ${order} LIMIT ?`,
        params,
      );
    },
    /** Items per label under the same filters (label and score filters aside). */
    async labelCounts(f: QueueFilter): Promise<Record<string, number>> {
      const w = where({ ...f, label: undefined, flaggedOnly: false }, true);
      const rows =
        w.sql === '1'
          ? await db.all<{ label: string; n: number }>(`SELECT label, count(*) AS n FROM item_labels GROUP BY label`)
          : await db.all<{ label: string; n: number }>(
              `SELECT l.label, count(*) AS n FROM items i JOIN item_labels l ON l.item_id = i.id WHERE ${w.sql} GROUP BY l.label`,
              w.params,
            );
      return Object.fromEntries(rows.map((r) => [r.label, r.n]));
    },
    labelsFor(ids: number[]): Promise<{ item_id: number; label: string; score: number }[]> {
      if (ids.length === 0) return Promise.resolve([]);
      return db.all(`SELECT item_id, label, score FROM item_labels WHERE item_id IN (${ids.map(() => '?').join(',')})`, ids);
    },
    /** EXPLAIN QUERY PLAN of a page query, for the bench and index tests. */
    async plan(f: QueueFilter, sort: QueueSort): Promise<string[]> {
      const captured: { sql: string; params: SqlValue[] }[] = [];
      const spy = { all: (sql: string, params: SqlValue[]) => (captured.push({ sql, params }), Promise.resolve([])) } as unknown as Db;
      await queueRepo(spy).page(f, sort, 50);
      const q = captured[0];
      const rows = await db.all<{ detail: string }>(`EXPLAIN QUERY PLAN ${q.sql}`, q.params);
      return rows.map((r) => r.detail);
    },
    /** The pool `similar` searches: distinctive terms first (low document frequency). */
    async termFrequencies(terms: string[]): Promise<Map<string, number>> {
      if (terms.length === 0) return new Map();
      const rows = await db.all<{ term: string; doc: number }>(
        `SELECT term, doc FROM items_fts_vocab WHERE term IN (${terms.map(() => '?').join(',')})`,
        terms,
      );
      return new Map(rows.map((r) => [r.term, r.doc]));
    },
    /** Candidate ids matching an FTS query, best bm25 rank first. */
    search(match: string, limit: number, excludeIds: number[] = []): Promise<{ id: number }[]> {
      return db.all(
        `SELECT rowid AS id FROM items_fts WHERE items_fts MATCH ? ${excludeIds.length ? `AND rowid NOT IN (${excludeIds.map(() => '?').join(',')})` : ''}
          ORDER BY rank LIMIT ?`,
        [match, ...excludeIds, limit],
      );
    },
  };
}
