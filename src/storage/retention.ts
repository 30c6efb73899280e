import type { Db } from './db.js';

/**
 * What a purge removes (or, in a dry run, would remove). Every row here belongs to one collected
 * item and goes with it by ON DELETE CASCADE; these counts only make the audit record concrete.
 */
export interface PurgeCounts {
  items: number;
  /** Raw author handles (item_authors). */
  authors: number;
  sightings: number;
  classifications: number;
  /** Per-item verdict rows; a claim's own verdict stays with the claim. */
  verdicts: number;
  grievances: number;
  /** claim_items rows: the claims themselves (and their responses) are kept. */
  claimMembers: number;
  /** Distinct claims that lose members (kept: they are the organisation's record). */
  claimsTouched: number;
  evidence: number;
  /** Stored evidence files (HTML and PNG) referenced by those evidence rows. */
  evidenceFiles: number;
}

export const EMPTY_PURGE_COUNTS: PurgeCounts = {
  items: 0, authors: 0, sightings: 0, classifications: 0, verdicts: 0, grievances: 0, claimMembers: 0, claimsTouched: 0, evidence: 0, evidenceFiles: 0,
};

// `doomed` is either "every item collected before ?" or "these ids (JSON array)".
const COUNTS_SQL = (doomed: string) => `
WITH doomed(id) AS MATERIALIZED (${doomed})
SELECT (SELECT count(*) FROM doomed) AS items,
  (SELECT count(*) FROM item_authors WHERE item_id IN (SELECT id FROM doomed)) AS authors,
  (SELECT count(*) FROM item_sightings WHERE item_id IN (SELECT id FROM doomed)) AS sightings,
  (SELECT count(*) FROM classifications WHERE item_id IN (SELECT id FROM doomed)) AS classifications,
  (SELECT count(*) FROM verdicts WHERE item_id IN (SELECT id FROM doomed)) AS verdicts,
  (SELECT count(*) FROM grievances WHERE item_id IN (SELECT id FROM doomed)) AS grievances,
  (SELECT count(*) FROM claim_items WHERE item_id IN (SELECT id FROM doomed)) AS claimMembers,
  (SELECT count(DISTINCT claim_id) FROM claim_items WHERE item_id IN (SELECT id FROM doomed)) AS claimsTouched,
  (SELECT count(*) FROM evidence WHERE item_id IN (SELECT id FROM doomed)) AS evidence,
  (SELECT count(html_path) + count(png_path) FROM evidence WHERE item_id IN (SELECT id FROM doomed)) AS evidenceFiles`;

const BY_CUTOFF = COUNTS_SQL('SELECT id FROM items WHERE collected_at < ?');
const BY_IDS = COUNTS_SQL('SELECT value FROM json_each(?)');

/**
 * The retention window: items (personal data: collected posts, handles, sightings) older than a
 * cutoff are deleted; claims, responses, digests and the audit log are organisational records and
 * stay. Deleting an items row takes its child rows with it (ON DELETE CASCADE, foreign_keys is on
 * in Db.open) and its FTS entry (trigger items_fts_ad).
 */
export function retentionRepo(db: Db) {
  return {
    /** What purging everything collected before `cutoff` (ISO time) would remove. */
    async countBefore(cutoff: string): Promise<PurgeCounts> {
      return (await db.get<PurgeCounts>(BY_CUTOFF, [cutoff])) ?? { ...EMPTY_PURGE_COUNTS };
    },

    /** The same figures for a given set of items (one purge batch). */
    async countFor(ids: number[]): Promise<PurgeCounts> {
      if (ids.length === 0) return { ...EMPTY_PURGE_COUNTS };
      return (await db.get<PurgeCounts>(BY_IDS, [JSON.stringify(ids)])) ?? { ...EMPTY_PURGE_COUNTS };
    },

    /** The oldest `limit` items collected before `cutoff` (index items_collected, no sort). */
    async expiredIds(cutoff: string, limit: number): Promise<number[]> {
      const rows = await db.all<{ id: number }>('SELECT id FROM items WHERE collected_at < ? ORDER BY collected_at, id LIMIT ?', [cutoff, limit]);
      return rows.map((r) => r.id);
    },

    /** Claims these items are members of (any state): kept, but they lose these members. */
    async claimsOf(ids: number[]): Promise<number[]> {
      if (ids.length === 0) return [];
      const rows = await db.all<{ claim_id: number }>(
        'SELECT DISTINCT claim_id FROM claim_items WHERE item_id IN (SELECT value FROM json_each(?))',
        [JSON.stringify(ids)],
      );
      return rows.map((r) => r.claim_id);
    },

    /** Deletes these items and, by cascade, everything hanging off them. Call inside `db.write()`. */
    async deleteItems(ids: number[]): Promise<number> {
      if (ids.length === 0) return 0;
      const r = await db.run('DELETE FROM items WHERE id IN (SELECT value FROM json_each(?))', [JSON.stringify(ids)]);
      return r.changes;
    },
  };
}

export type RetentionRepo = ReturnType<typeof retentionRepo>;
