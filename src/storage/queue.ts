import type { SqlValue } from './db.js';
import { ftsCountCapped, ftsParam } from './fts.js';
import { joinInOrder, perRow } from './sql-fragments.js';
import type { SqlDb } from './sql-db.js';
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
  /** Any of these labels (a watchlist's labels). */
  anyLabel?: string[];
  /** Escalated ("Chờ cấp trên") or held ("Đang giữ") items only. */
  flow?: 'escalated' | 'held';
  /** With `flow`: items of this unit and items waiting for it (a reviewer of the unit above). */
  flowScope?: string;
}
export type QueueSort = 'new' | 'score';
export interface QueueCursor {
  id: number;
  score?: number;
}
/** One line of the review queue: camelCase, flags as booleans. */
export interface QueueRow {
  id: number;
  title: string | null;
  snippet: string;
  unit: string | null;
  sourceId: string | null;
  status: ItemStatus;
  verdict: string | null;
  score: number | null;
  collectedAt: string;
  publishedAt: string | null;
  assignedTo: number | null;
  onHold: boolean;
  escalated: boolean;
}

interface QueueDbRow {
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
  on_hold: number | boolean;
  escalated: number | boolean;
}

const toQueueRow = (r: QueueDbRow): QueueRow => ({
  id: r.id,
  title: r.title,
  snippet: r.snippet,
  unit: r.unit,
  sourceId: r.source_id,
  status: r.status,
  verdict: r.verdict,
  score: r.score,
  collectedAt: r.collected_at,
  publishedAt: r.published_at,
  assignedTo: r.assigned_to,
  onHold: Boolean(r.on_hold),
  escalated: Boolean(r.escalated),
});
/** A label the classifier gave an item, with its (calibrated) score. */
export interface ItemLabel {
  itemId: number;
  label: string;
  score: number;
}

export interface LabelCounts {
  counts: Record<string, number>;
  /** Counted over the newest SEARCH_COUNT_CAP matches only (a search for a very common word). */
  capped: boolean;
}

export const SEARCH_COUNT_CAP = 5_000;

/**
 * FROM + WHERE for a filter, shaped so SQLite walks an index in id order and stops at LIMIT:
 * a search drives from FTS (CROSS JOIN fixes the join order), a label from item_labels; with
 * an equality filter the date bounds are checked per row (`+`) rather than chosen as the index.
 * PostgreSQL takes none of these hints (its planner chooses; CROSS JOIN there takes no ON), and
 * searches items.folded_tsv.
 */
function source(db: SqlDb, f: QueueFilter, opts: { counting?: boolean; byScore?: boolean } = {}): { from: string; where: string[]; params: SqlValue[]; id: string; score: string } {
  const pg = db.dialect === 'postgres';
  const join = joinInOrder(db);
  const params: SqlValue[] = [];
  const where: string[] = [];
  let from: string;
  let id = 'i.id';
  if (f.match && opts.counting) {
    from = pg
      ? `(SELECT id FROM items WHERE folded_tsv @@ to_tsquery('simple', ?) ORDER BY id DESC LIMIT ${SEARCH_COUNT_CAP}) m JOIN items i ON i.id = m.id`
      : `(SELECT rowid AS id FROM items_fts WHERE items_fts MATCH ? ORDER BY rowid DESC LIMIT ${SEARCH_COUNT_CAP}) m CROSS JOIN items i ON i.id = m.id`;
    params.push(ftsParam(db, f.match));
  } else if (f.match && pg) {
    from = 'items i';
    where.push(`i.folded_tsv @@ to_tsquery('simple', ?)`);
    params.push(ftsParam(db, f.match));
  } else if (f.match) {
    from = 'items_fts f CROSS JOIN items i ON i.id = f.rowid';
    where.push('items_fts MATCH ?');
    params.push(f.match);
    id = 'f.rowid';
  } else from = 'items i';
  if (f.label && !opts.counting) {
    if (f.match) from += ` ${join} item_labels l ON l.item_id = i.id`;
    else {
      from = `item_labels l ${join} items i ON i.id = l.item_id`;
      id = 'l.item_id';
    }
    where.push('l.label = ?');
    params.push(f.label);
  } else if ((f.flaggedOnly !== false && !f.flow) || opts.counting) where.push('i.flagged = 1'); // labelled items are flagged
  const eq = Boolean(f.status || f.unit || f.source || f.assignedTo != null || f.label || f.match || opts.byScore || f.flow);
  // Every escalated or held item, flagged or not: few rows, read through the partial indexes of migration 013.
  if (f.flow) where.push(f.flow === 'escalated' ? 'i.escalated = 1' : 'i.on_hold = 1');
  if (f.flow && f.flowScope !== undefined) (where.push('(i.unit = ? OR i.flow_unit = ?)'), params.push(f.flowScope, f.flowScope));
  // Forced: with ORDER BY id the planner prefers walking all items by rowid, which finds these few rows
  // only at the end of a 1M-item table; the partial index holds just them (sorted after, cheaply).
  if (f.flow && from === 'items i' && !pg) from = `items i INDEXED BY ${f.flow === 'escalated' ? 'items_q_escalated' : 'items_q_held'}`;
  const date = eq ? perRow(db, 'i.collected_at') : 'i.collected_at';
  if (f.status) (where.push('i.status = ?'), params.push(f.status));
  if (f.unit) (where.push('i.unit = ?'), params.push(f.unit));
  if (f.source) (where.push('i.source_id = ?'), params.push(f.source));
  if (f.assignedTo != null) (where.push('i.assigned_to = ?'), params.push(f.assignedTo));
  if (f.anyLabel?.length) (where.push(`EXISTS (SELECT 1 FROM item_labels al WHERE al.item_id = i.id AND al.label IN (${f.anyLabel.map(() => '?').join(',')}))`), params.push(...f.anyLabel));
  if (f.from) (where.push(`${date} >= ?`), params.push(f.from));
  if (f.to) (where.push(`${date} <= ?`), params.push(f.to));
  return { from, where, params, id, score: f.label && !opts.counting ? 'l.score' : 'i.max_score' };
}

/** The review queue: filtered, keyset-paginated reads (see migration 003/006 for the indexes). */
export function queueRepo(db: SqlDb) {
  const pg = db.dialect === 'postgres';
  function pageQuery(f: QueueFilter, sort: QueueSort, limit: number, after?: QueueCursor): { sql: string; params: SqlValue[] } {
    const s = source(db, f, { byScore: sort === 'score' });
    const where = [...s.where];
    const params = [...s.params];
    // By id, a score bound is checked per row; by score it is the index range itself.
    if (f.minScore != null) (where.push(`${sort === 'score' ? s.score : perRow(db, s.score)} >= ?`), params.push(f.minScore));
    if (sort === 'score') {
      where.push(`${s.score} IS NOT NULL`);
      if (after) (where.push(`(${s.score} < ? OR (${s.score} = ? AND ${s.id} < ?))`), params.push(after.score ?? 0, after.score ?? 0, after.id));
    } else if (after) (where.push(`${s.id} < ?`), params.push(after.id));
    params.push(limit);
    // Ids and sort keys first (index-only where possible), then the row contents of just one page:
    // when SQLite must sort, it sorts small keys rather than whole rows with their text.
    return {
      sql: `SELECT i.id, i.title, substr(i.text, 1, 240) AS snippet, i.unit, i.source_id, i.status, i.verdict,
                   coalesce(p.score, i.max_score) AS score, i.collected_at, i.published_at, i.assigned_to, i.on_hold, i.escalated
              FROM (SELECT ${s.id} AS id, ${sort === 'score' ? s.score : 'CAST(NULL AS DOUBLE PRECISION)'} AS score FROM ${s.from} WHERE ${where.length ? where.join(' AND ') : '1 = 1'}
                     ORDER BY ${sort === 'score' ? `${s.score} DESC, ${s.id} DESC` : `${s.id} DESC`} LIMIT ?) p
              JOIN items i ON i.id = p.id
             ORDER BY ${sort === 'score' ? 'p.score DESC, p.id DESC' : 'p.id DESC'}`,
      params,
    };
  }

  return {
    async page(f: QueueFilter, sort: QueueSort, limit: number, after?: QueueCursor): Promise<QueueRow[]> {
      const q = pageQuery(f, sort, limit, after);
      return (await db.all<QueueDbRow>(q.sql, q.params)).map(toQueueRow);
    },
    /** Items per label under the same filters (label and score filters aside). */
    async labelCounts(f: QueueFilter): Promise<LabelCounts> {
      const s = source(db, { ...f, label: undefined, flaggedOnly: false }, { counting: true });
      const rows =
        s.where.length === 1 && !f.match
          ? await db.all<{ label: string; n: number }>(`SELECT label, count(*) AS n FROM item_labels GROUP BY label`)
          : await db.all<{ label: string; n: number }>(
              `SELECT l.label, count(*) AS n FROM ${s.from} ${joinInOrder(db)} item_labels l ON l.item_id = i.id
                WHERE ${s.where.length ? s.where.join(' AND ') : '1 = 1'} GROUP BY l.label`,
              s.params,
            );
      const capped = f.match
        ? ((await db.get<{ n: number }>(ftsCountCapped(db, SEARCH_COUNT_CAP + 1), [ftsParam(db, f.match)]))?.n ?? 0) > SEARCH_COUNT_CAP
        : false;
      return { counts: Object.fromEntries(rows.map((r) => [r.label, r.n])), capped };
    },
    async labelsFor(ids: number[]): Promise<ItemLabel[]> {
      if (ids.length === 0) return [];
      const rows = await db.all<{ item_id: number; label: string; score: number }>(`SELECT item_id, label, score FROM item_labels WHERE item_id IN (${ids.map(() => '?').join(',')})`, ids);
      return rows.map((r) => ({ itemId: r.item_id, label: r.label, score: r.score }));
    },
    /** EXPLAIN QUERY PLAN (PostgreSQL: EXPLAIN) of a page query, for the bench and index tests. */
    async plan(f: QueueFilter, sort: QueueSort): Promise<string[]> {
      const q = pageQuery(f, sort, 50);
      if (pg) return (await db.all<{ 'QUERY PLAN': string }>(`EXPLAIN ${q.sql}`, q.params)).map((r) => r['QUERY PLAN']);
      return (await db.all<{ detail: string }>(`EXPLAIN QUERY PLAN ${q.sql}`, q.params)).map((r) => r.detail);
    },
    /**
     * Documents containing each folded term, counted up to `cap` + 1 only: an exact count of a
     * common word reads its whole posting list (seconds at 1M items), a capped one stops early.
     */
    async termFrequencies(terms: string[], cap: number): Promise<Map<string, number>> {
      if (terms.length === 0) return new Map();
      const one = `SELECT CAST(? AS TEXT) AS term, (${ftsCountCapped(db, cap + 1)}) AS n`;
      const rows = await db.all<{ term: string; n: number }>(
        terms.map(() => one).join(' UNION ALL '),
        terms.flatMap((t) => [t, ftsParam(db, `"${t.replace(/"/g, '""')}"`)]),
      );
      return new Map(rows.map((r) => [r.term, r.n]));
    },
    /** Candidate ids matching an FTS query, best bm25 rank first. */
    search(match: string, limit: number, excludeIds: number[] = []): Promise<{ id: number }[]> {
      if (pg) {
        return db.all(
          `SELECT id FROM items WHERE folded_tsv @@ to_tsquery('simple', ?1) ${excludeIds.length ? `AND id NOT IN (${excludeIds.map((_, k) => `?${k + 3}`).join(',')})` : ''}
            ORDER BY ts_rank(folded_tsv, to_tsquery('simple', ?1)) DESC, id DESC LIMIT ?2`,
          [ftsParam(db, match), limit, ...excludeIds],
        );
      }
      return db.all(
        `SELECT rowid AS id FROM items_fts WHERE items_fts MATCH ? ${excludeIds.length ? `AND rowid NOT IN (${excludeIds.map(() => '?').join(',')})` : ''}
          ORDER BY rank LIMIT ?`,
        [match, ...excludeIds, limit],
      );
    },
  };
}
