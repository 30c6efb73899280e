import type { SqlDb } from './sql-db.js';
import { CARRIES_DECISIONS } from './erasure.js';

/**
 * The two retention windows (issue 8), as SQL. Erasure itself is src/storage/erasure.ts.
 *
 * - unflagged: never flagged and never decided (no reviewer status change, verdict, claim
 *   membership or grievance): expires `unflaggedDays` after collection.
 * - flagged: flagged or decided: expires `flaggedDays` after the last decision (latest of the
 *   status change, verdicts, grievance update and claim memberships; collection when never decided).
 *
 * Shells (erased_at set) are never selected again. Both windows page by (collected_at, id) so a
 * million-item purge never re-reads what it skipped: window 1 walks index items_flagged, window 2
 * items_collected (a decision never precedes collection, so collected_at < cutoff is a safe prefilter).
 */
export type RetentionWindow = 'unflagged' | 'flagged';

export interface WindowCounts {
  /** Items that expire: deleted plus shells. */
  items: number;
  /** Of those, kept as shells (they carry verdicts, claim membership or a grievance). */
  shells: number;
  authors: number;
  evidence: number;
  evidenceFiles: number;
}

export interface Cursor {
  collectedAt: string;
  id: number;
}

const DECIDED = CARRIES_DECISIONS;

// The last decision, for flagged/decided items: NULLs (never decided) fall back to collected_at.
// `max` is SQLite's scalar max; PostgreSQL spells it greatest.
const LAST_DECISION = (max: string) => `${max}(i.collected_at,
  coalesce(i.status_changed_at, ''),
  coalesce((SELECT max(v.created_at) FROM verdicts v WHERE v.item_id = i.id), ''),
  coalesce((SELECT g.updated_at FROM grievances g WHERE g.item_id = i.id), ''),
  coalesce((SELECT max(c.created_at) FROM claim_items c WHERE c.item_id = i.id), ''))`;

const UNFLAGGED_WHERE = `i.flagged = 0 AND i.collected_at < ? AND i.erased_at IS NULL AND i.status_changed_at IS NULL AND NOT ${DECIDED}`;
const FLAGGED_WHERE = (pg: boolean) => `i.collected_at < ? AND i.erased_at IS NULL
  AND (i.flagged = 1 OR i.status_changed_at IS NOT NULL OR ${DECIDED}) AND ${LAST_DECISION(pg ? 'greatest' : 'max')} < ?`;

// SQLite's plan hints; PostgreSQL has none and plans these itself.
const SQLITE_INDEX = { unflagged: 'INDEXED BY items_flagged', flagged: 'INDEXED BY items_collected' } as const;
const index = (w: RetentionWindow, pg: boolean) => (pg ? '' : SQLITE_INDEX[w]);
const where = (w: RetentionWindow, pg: boolean) => (w === 'unflagged' ? UNFLAGGED_WHERE : FLAGGED_WHERE(pg));
const params = (w: RetentionWindow, cutoff: string) => (w === 'unflagged' ? [cutoff] : [cutoff, cutoff]);

const COUNTS = (w: RetentionWindow, pg: boolean) => `
WITH t(id, keep) AS MATERIALIZED (SELECT i.id, ${DECIDED} FROM items i ${index(w, pg)} WHERE ${where(w, pg)})
SELECT (SELECT count(*) FROM t) AS items,
  (SELECT count(*) FROM t WHERE keep) AS shells,
  (SELECT count(*) FROM item_authors WHERE item_id IN (SELECT id FROM t)) AS authors,
  (SELECT count(*) FROM evidence WHERE item_id IN (SELECT id FROM t)) AS evidence,
  (SELECT count(html_path) + count(png_path) FROM evidence WHERE item_id IN (SELECT id FROM t)) AS "evidenceFiles"`;

const PAGE = (w: RetentionWindow, pg: boolean) => `
SELECT i.id, i.collected_at AS "collectedAt" FROM items i ${index(w, pg)}
WHERE ${w === 'unflagged' ? 'i.flagged = 0 AND ' : ''}(i.collected_at, i.id) > (?, ?) AND ${where(w, pg)}
ORDER BY i.collected_at, i.id LIMIT ?`;

export function retentionRepo(db: SqlDb) {
  const pg = db.dialect === 'postgres';
  return {
    /** What the window would erase (dry run, and the progress total). */
    async count(w: RetentionWindow, cutoff: string): Promise<WindowCounts> {
      return (await db.get<WindowCounts>(COUNTS(w, pg), params(w, cutoff))) ?? { items: 0, shells: 0, authors: 0, evidence: 0, evidenceFiles: 0 };
    },

    /** The next `limit` expired items after `after` in (collected_at, id) order, and the cursor past them. */
    async expired(w: RetentionWindow, cutoff: string, after: Cursor | null, limit: number): Promise<{ ids: number[]; next: Cursor | null }> {
      const rows = await db.all<{ id: number; collectedAt: string }>(PAGE(w, pg), [after?.collectedAt ?? '', after?.id ?? 0, ...params(w, cutoff), limit]);
      const last = rows.at(-1);
      return { ids: rows.map((r) => r.id), next: last ? { collectedAt: last.collectedAt, id: last.id } : null };
    },

    /** Failed-login rows older than the throttle window (keys name accounts and IP addresses); loginAttempts.prune deletes them. */
    async countLoginAttempts(beforeMs: number): Promise<number> {
      return (await db.get<{ n: number }>('SELECT count(*) AS n FROM login_attempts WHERE at_ms < ?', [beforeMs]))?.n ?? 0;
    },

    /** Sessions past their idle or absolute lifetime; sessions.purgeExpired deletes them. */
    async countSessions(idleBeforeMs: number, createdBeforeMs: number): Promise<number> {
      return (await db.get<{ n: number }>('SELECT count(*) AS n FROM sessions WHERE last_seen_ms < ? OR created_ms < ?', [idleBeforeMs, createdBeforeMs]))?.n ?? 0;
    },
  };
}

export type RetentionRepo = ReturnType<typeof retentionRepo>;
