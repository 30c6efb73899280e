import type { SqlValue } from './db.js';
import { parseJson } from './json-column.js';
import { ftsParam } from './fts.js';
import type { SqlDb } from './sql-db.js';
import { perRow } from './sql-fragments.js';

/** A saved search. There is no author field, by design: a watchlist follows a topic, never a person. */
export interface Watchlist {
  id: number;
  name: string;
  query: string;
  /** Compiled FTS5 expression of `query`. */
  match: string;
  labels: string[];
  unit: string | null;
  sourceId: string | null;
  /** Inclusive YYYY-MM-DD bounds on collection date. */
  dateFrom: string | null;
  dateTo: string | null;
  createdBy: number | null;
  createdAt: string;
  updatedAt: string;
  startItemId: number;
}
export type WatchlistInput = Pick<Watchlist, 'name' | 'query' | 'match' | 'labels' | 'unit' | 'sourceId' | 'dateFrom' | 'dateTo'>;

interface WatchlistRow {
  id: number;
  name: string;
  query: string;
  match: string;
  labels: string;
  unit: string | null;
  source_id: string | null;
  date_from: string | null;
  date_to: string | null;
  created_by: number | null;
  created_at: string;
  updated_at: string;
  start_item_id: number;
}

const toWatchlist = (r: WatchlistRow): Watchlist => ({
  id: r.id, name: r.name, query: r.query, match: r.match, labels: parseJson<string[]>(r.labels, []), unit: r.unit, sourceId: r.source_id,
  dateFrom: r.date_from, dateTo: r.date_to, createdBy: r.created_by, createdAt: r.created_at, updatedAt: r.updated_at, startItemId: r.start_item_id,
});

/**
 * The watchlist's conditions on `items i` (besides the FTS match, which each query places itself).
 * On SQLite the date bounds are checked per row (`+`), not chosen as the index; PostgreSQL has no
 * such hint (and no unary + on text).
 */
export function watchConditions(db: SqlDb, w: Pick<Watchlist, 'labels' | 'unit' | 'sourceId' | 'dateFrom' | 'dateTo'>): { where: string[]; params: SqlValue[] } {
  const where: string[] = [];
  const params: SqlValue[] = [];
  if (w.labels.length) {
    where.push(`EXISTS (SELECT 1 FROM item_labels wl WHERE wl.item_id = i.id AND wl.label IN (${w.labels.map(() => '?').join(',')}))`);
    params.push(...w.labels);
  }
  if (w.unit) (where.push('i.unit = ?'), params.push(w.unit));
  if (w.sourceId) (where.push('i.source_id = ?'), params.push(w.sourceId));
  const date = perRow(db, 'i.collected_at');
  if (w.dateFrom) (where.push(`${date} >= ?`), params.push(w.dateFrom));
  if (w.dateTo) (where.push(`${date} <= ?`), params.push(`${w.dateTo}T23:59:59.999Z`));
  return { where, params };
}

/** Saved searches and who saw what of them. */
export function watchlistsRepo(db: SqlDb) {
  return {
    async create(w: WatchlistInput, userId: number, now: string): Promise<number> {
      const r = await db.get<{ id: number }>(
        `INSERT INTO watchlists (name, query, match, labels, unit, source_id, date_from, date_to, created_by, created_at, updated_at, start_item_id)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, (SELECT coalesce(max(id), 0) FROM items)) RETURNING id`,
        [w.name, w.query, w.match, JSON.stringify(w.labels), w.unit, w.sourceId, w.dateFrom, w.dateTo, userId, now, now],
      );
      return r!.id;
    },
    async update(id: number, w: WatchlistInput, now: string): Promise<void> {
      await db.run(
        `UPDATE watchlists SET name = ?, query = ?, match = ?, labels = ?, unit = ?, source_id = ?, date_from = ?, date_to = ?, updated_at = ? WHERE id = ?`,
        [w.name, w.query, w.match, JSON.stringify(w.labels), w.unit, w.sourceId, w.dateFrom, w.dateTo, now, id],
      );
    },
    async remove(id: number): Promise<void> {
      await db.run('DELETE FROM watchlists WHERE id = ?', [id]);
    },
    async get(id: number): Promise<Watchlist | undefined> {
      const r = await db.get<WatchlistRow>('SELECT * FROM watchlists WHERE id = ?', [id]);
      return r && toWatchlist(r);
    },
    async list(): Promise<Watchlist[]> {
      return (await db.all<WatchlistRow>('SELECT * FROM watchlists ORDER BY lower(name), id')).map(toWatchlist);
    },
    /** Matching items (of `scopeUnit` only, for a reviewer) newer than what `userId` saw at their last visit (or than the watchlist itself), counted up to `cap` + 1. */
    async newSince(w: Watchlist, userId: number, scopeUnit?: string, cap = 999): Promise<number> {
      const c = watchConditions(db, w);
      if (scopeUnit !== undefined) (c.where.push('i.unit = ?'), c.params.push(scopeUnit));
      const seen = '(SELECT seen_item_id FROM watchlist_visits WHERE watchlist_id = ? AND user_id = ?)';
      // SQLite drives from FTS5 (CROSS JOIN keeps that order); PostgreSQL from the GIN index on items.folded_tsv.
      const from =
        db.dialect === 'postgres'
          ? `items i WHERE i.folded_tsv @@ to_tsquery('simple', ?) AND i.id > coalesce(${seen}, ?)`
          : `items_fts f CROSS JOIN items i ON i.id = f.rowid WHERE items_fts MATCH ? AND f.rowid > coalesce(${seen}, ?)`;
      const row = await db.get<{ n: number }>(
        `SELECT count(*) AS n FROM (SELECT 1 FROM ${from} ${c.where.map((x) => `AND ${x}`).join(' ')} LIMIT ${cap + 1}) AS capped`,
        [ftsParam(db, w.match), w.id, userId, w.startItemId, ...c.params],
      );
      return row?.n ?? 0;
    },
    /** The user opened the queue on this watchlist: everything stored so far counts as seen. */
    async visit(watchlistId: number, userId: number, now: string): Promise<void> {
      await db.run(
        `INSERT INTO watchlist_visits (watchlist_id, user_id, seen_item_id, visited_at) VALUES (?, ?, (SELECT coalesce(max(id), 0) FROM items), ?)
         ON CONFLICT (watchlist_id, user_id) DO UPDATE SET seen_item_id = excluded.seen_item_id, visited_at = excluded.visited_at`,
        [watchlistId, userId, now],
      );
    },
  };
}
