import type { ScreenshotScope, SnapshotScope } from '../types.js';
import type { SqlDb } from './sql-db.js';
import { jsonValues } from './sql-fragments.js';

export type EvidenceStatus = 'queued' | 'capturing' | 'done' | 'failed';

export interface Evidence {
  itemId: number;
  url: string;
  status: EvidenceStatus;
  attempts: number;
  queuedAt: string;
  capturedAt: string | null;
  finalUrl: string | null;
  htmlPath: string | null;
  htmlSha256: string | null;
  pngPath: string | null;
  pngSha256: string | null;
  /** What the screenshot shows (see crawlers/browser/capture.ts); null for captures before issue 8. */
  pngScope: ScreenshotScope | null;
  /** What the HTML snapshot holds (see crawlers/browser/capture.ts); null for captures before issue 8. */
  htmlScope: SnapshotScope | null;
  error: string | null;
}


export interface EvidenceJob {
  itemId: number;
  url: string;
  attempts: number;
  /** The item's source: its stored definition may name the post element to screenshot. */
  sourceId: string | null;
}

export interface EvidenceFiles {
  capturedAt: string;
  finalUrl: string;
  htmlPath: string;
  htmlSha256: string;
  pngPath: string;
  pngSha256: string;
  /** What the screenshot shows; the worker always says (optional for hand-made rows in tests). */
  pngScope?: ScreenshotScope;
  /** What the HTML snapshot holds; the worker always says. */
  htmlScope?: SnapshotScope;
}

interface Raw {
  item_id: number;
  url: string;
  status: EvidenceStatus;
  attempts: number;
  queued_at: string;
  captured_at: string | null;
  final_url: string | null;
  html_path: string | null;
  html_sha256: string | null;
  png_path: string | null;
  png_sha256: string | null;
  png_scope: ScreenshotScope | null;
  html_scope: SnapshotScope | null;
  error: string | null;
}

const toEvidence = (r: Raw): Evidence => ({
  itemId: r.item_id,
  url: r.url,
  status: r.status,
  attempts: r.attempts,
  queuedAt: r.queued_at,
  capturedAt: r.captured_at,
  finalUrl: r.final_url,
  htmlPath: r.html_path,
  htmlSha256: r.html_sha256,
  pngPath: r.png_path,
  pngSha256: r.png_sha256,
  pngScope: r.png_scope,
  htmlScope: r.html_scope,
  error: r.error,
});

/** Evidence captures of flagged items: the queue (status queued/capturing) and the record (done/failed). */
export function evidenceRepo(db: SqlDb) {
  return {
    /**
     * Queues capture for those of `itemIds` that are flagged, have a URL and carry one of `labels`
     * (config.evidenceLabels). Screenshots hold faces and names: only the labels the organisation
     * chose to keep evidence for are captured; an empty list captures nothing. Returns how many were queued.
     */
    async enqueueFlagged(itemIds: number[], now: string, labels: string[]): Promise<number> {
      if (itemIds.length === 0 || labels.length === 0) return 0;
      return db.write(async () => {
        const r = await db.run(
          `INSERT INTO evidence (item_id, url, queued_at, not_before)
           SELECT id, url, ?, ? FROM items
           WHERE id IN (${jsonValues(db, '?', 'int')}) AND flagged = 1 AND url IS NOT NULL
             AND EXISTS (SELECT 1 FROM item_labels l WHERE l.item_id = items.id AND l.label IN (${jsonValues(db)}))
           ON CONFLICT (item_id) DO NOTHING`,
          [now, now, JSON.stringify(itemIds), JSON.stringify(labels)],
        );
        return r.changes;
      });
    },

    /**
     * Drops queued jobs whose item no longer qualifies: unflagged by a reclassification, or its
     * labels no longer in `labels` after KC_EVIDENCE_LABELS changed. Returns how many were dropped.
     */
    async dropUnwanted(labels: string[]): Promise<number> {
      return db.write(async () => {
        const r = await db.run(
          `DELETE FROM evidence WHERE status = 'queued' AND NOT EXISTS (
             SELECT 1 FROM item_labels l JOIN items i ON i.id = l.item_id
             WHERE l.item_id = evidence.item_id AND i.flagged = 1 AND l.label IN (${jsonValues(db)}))`,
          [JSON.stringify(labels)],
        );
        return r.changes;
      });
    },

    /**
     * Takes the next due job under a lease (`owner` until `until`); a capture whose lease lapsed
     * (its worker died) is taken again. On PostgreSQL the row is locked and other workers' locked
     * rows skipped, so two evidence workers never take the same job (SQLite has one writer).
     */
    async claimNext(lease: { owner: string; now: string; until: string }): Promise<EvidenceJob | undefined> {
      return db.write(async () => {
        const row = await db.get<{ item_id: number; url: string; attempts: number; source_id: string | null }>(
          `SELECT e.item_id, e.url, e.attempts, (SELECT source_id FROM items WHERE id = e.item_id) AS source_id FROM evidence e
           WHERE (e.status = 'queued' AND e.not_before <= ?) OR (e.status = 'capturing' AND coalesce(e.lease_until, '') < ?)
           ORDER BY e.not_before, e.item_id LIMIT 1${db.dialect === 'postgres' ? ' FOR UPDATE OF e SKIP LOCKED' : ''}`,
          [lease.now, lease.now],
        );
        if (!row) return undefined;
        await db.run(`UPDATE evidence SET status = 'capturing', started_at = ?, attempts = attempts + 1, lease_owner = ?, lease_until = ? WHERE item_id = ?`, [
          lease.now,
          lease.owner,
          lease.until,
          row.item_id,
        ]);
        return { itemId: row.item_id, url: row.url, attempts: row.attempts + 1, sourceId: row.source_id };
      });
    },

    /** The heartbeat of a capture in progress; false when `owner` no longer holds it. */
    async renew(itemId: number, owner: string, until: string): Promise<boolean> {
      const rows = await db.writeOne(`UPDATE evidence SET lease_until = ? WHERE item_id = ? AND lease_owner = ? AND status = 'capturing' RETURNING item_id`, [until, itemId, owner]);
      return rows.length === 1;
    },

    /** Records a capture; with `owner`, only while that worker still holds it (false otherwise). */
    async complete(itemId: number, f: EvidenceFiles, owner?: string): Promise<boolean> {
      const rows = await db.writeOne(
        `UPDATE evidence SET status = 'done', captured_at = ?, final_url = ?, html_path = ?, html_sha256 = ?, png_path = ?, png_sha256 = ?, png_scope = ?, html_scope = ?, error = NULL,
           lease_owner = NULL, lease_until = NULL
         WHERE item_id = ?${owner ? ' AND lease_owner = ?' : ''} RETURNING item_id`,
        [f.capturedAt, f.finalUrl, f.htmlPath, f.htmlSha256, f.pngPath, f.pngSha256, f.pngScope ?? null, f.htmlScope ?? null, itemId, ...(owner ? [owner] : [])],
      );
      return rows.length === 1;
    },

    /** Retries later when `retryAt` is given, else gives up; with `owner`, only while it holds the job. */
    async fail(itemId: number, error: string, retryAt: string | null, owner?: string): Promise<boolean> {
      const held = owner ? ' AND lease_owner = ?' : '';
      const rows = await db.writeOne(
        retryAt
          ? `UPDATE evidence SET status = 'queued', not_before = ?, error = ?, lease_owner = NULL, lease_until = NULL WHERE item_id = ?${held} RETURNING item_id`
          : `UPDATE evidence SET status = 'failed', error = ?, lease_owner = NULL, lease_until = NULL WHERE item_id = ?${held} RETURNING item_id`,
        [...(retryAt ? [retryAt] : []), error, itemId, ...(owner ? [owner] : [])],
      );
      return rows.length === 1;
    },

    async forItem(itemId: number): Promise<Evidence | undefined> {
      const r = await db.get<Raw>('SELECT * FROM evidence WHERE item_id = ?', [itemId]);
      return r && toEvidence(r);
    },

    /** Stored files (relative to the data dir) of these items' evidence: for the retention purge. */
    async filesFor(itemIds: number[]): Promise<string[]> {
      if (itemIds.length === 0) return [];
      const rows = await db.all<{ html_path: string | null; png_path: string | null }>(
        `SELECT html_path, png_path FROM evidence WHERE item_id IN (${jsonValues(db, '?', 'int')})`,
        [JSON.stringify(itemIds)],
      );
      return rows.flatMap((r) => [r.html_path, r.png_path]).filter((p): p is string => !!p);
    },

    async counts(): Promise<Record<EvidenceStatus, number>> {
      const rows = await db.all<{ status: EvidenceStatus; n: number }>('SELECT status, count(*) AS n FROM evidence GROUP BY status');
      const out: Record<EvidenceStatus, number> = { queued: 0, capturing: 0, done: 0, failed: 0 };
      for (const r of rows) out[r.status] = r.n;
      return out;
    },
  };
}

export type EvidenceRepo = ReturnType<typeof evidenceRepo>;
