import { parseJson } from './json-column.js';
import type { SqlDb } from './sql-db.js';
import { greatest, jsonValues } from './sql-fragments.js';

/**
 * Reads (and the one delete) behind data-subject requests: everything stored about one handle or
 * URL. There is deliberately no index on author columns (migration 008), so the author lookups
 * here are full scans: acceptable for a rare, audited request, and never a cheap author lookup
 * that could grow into tracking people.
 */
export interface SubjectItemRow {
  id: number;
  url: string | null;
  canonicalUrl: string | null;
  title: string | null;
  text: string;
  publishedAt: string | null;
  collectedAt: string;
  sourceId: string | null;
  sourceName: string | null;
  rawAuthor: string | null;
}

export interface SubjectSightingRow {
  id: number;
  itemId: number;
  url: string | null;
  sourceId: string | null;
  sourceName: string | null;
  kind: string;
  seenAt: string;
}

const json = (ids: number[]) => JSON.stringify(ids);
export function subjectDataRepo(db: SqlDb) {
  const IDS = jsonValues(db, '?', 'int');
  return {
    /** Items carrying this author pseudonym, with their raw handle (if still stored) for the caller to confirm. */
    itemsByPseudonym(pseudonym: string): Promise<Array<{ id: number; rawAuthor: string | null }>> {
      return db.all(
        `SELECT i.id, a.raw_author AS "rawAuthor" FROM items i LEFT JOIN item_authors a ON a.item_id = i.id
         WHERE i.author_pseudonym = ? AND i.erased_at IS NULL ORDER BY i.id`,
        [pseudonym],
      );
    },

    /**
     * Items at this URL: by canonical URL (indexed). Only a URL without a canonical form is looked
     * up as stored (a scan); ingest stores the canonical form of every http(s) URL, and an item's
     * URL equal to the request's has the same canonical form, so nothing is missed.
     */
    async itemIdsByUrl(canonical: string | null, raw: string): Promise<number[]> {
      const rows = canonical
        ? await db.all<{ id: number }>('SELECT id FROM items WHERE canonical_url = ? AND erased_at IS NULL ORDER BY id', [canonical])
        : await db.all<{ id: number }>('SELECT id FROM items WHERE url = ? AND erased_at IS NULL ORDER BY id', [raw]);
      return rows.map((r) => r.id);
    },

    sightingsByPseudonym(pseudonym: string): Promise<Array<{ id: number; itemId: number }>> {
      return db.all('SELECT id, item_id AS "itemId" FROM item_sightings WHERE author_pseudonym = ? ORDER BY id', [pseudonym]);
    },

    /** Sightings whose URL contains `needle` (case-insensitively): a superset the caller narrows by canonical URL. */
    sightingsContaining(needle: string): Promise<Array<{ id: number; itemId: number; url: string }>> {
      return db.all(`SELECT id, item_id AS "itemId", url FROM item_sightings WHERE url IS NOT NULL AND ${db.dialect === 'postgres' ? 'strpos' : 'instr'}(lower(url), lower(?)) > 0 ORDER BY id`, [needle]);
    },

    items(ids: number[]): Promise<SubjectItemRow[]> {
      return db.all(
        `SELECT i.id, i.url, i.canonical_url AS "canonicalUrl", i.title, i.text, i.published_at AS "publishedAt", i.collected_at AS "collectedAt",
                i.source_id AS "sourceId", s.name AS "sourceName", a.raw_author AS "rawAuthor"
         FROM items i LEFT JOIN sources s ON s.id = i.source_id LEFT JOIN item_authors a ON a.item_id = i.id
         WHERE i.id IN (${IDS}) ORDER BY i.id`,
        [json(ids)],
      );
    },

    sightings(ids: number[]): Promise<SubjectSightingRow[]> {
      return db.all(
        `SELECT g.id, g.item_id AS "itemId", g.url, g.source_id AS "sourceId", s.name AS "sourceName", g.kind, g.seen_at AS "seenAt"
         FROM item_sightings g LEFT JOIN sources s ON s.id = g.source_id WHERE g.id IN (${IDS}) ORDER BY g.id`,
        [json(ids)],
      );
    },

    labels(ids: number[]): Promise<Array<{ itemId: number; label: string; score: number }>> {
      return db.all(`SELECT item_id AS "itemId", label, score FROM item_labels WHERE item_id IN (${IDS}) ORDER BY item_id, label`, [json(ids)]);
    },

    async classifications(ids: number[]): Promise<Array<{ itemId: number; version: string; labels: string[]; scores: Record<string, number>; classifiedAt: string }>> {
      const rows = await db.all<{ itemId: number; version: string; labels: string; scores: string; classifiedAt: string }>(
        `SELECT item_id AS "itemId", version, labels, scores, classified_at AS "classifiedAt" FROM classifications WHERE item_id IN (${IDS}) ORDER BY item_id`,
        [json(ids)],
      );
      return rows.map((r) => ({ ...r, labels: parseJson<string[]>(r.labels, []), scores: parseJson<Record<string, number>>(r.scores, {}) }));
    },

    /** Verdicts on these items: what was decided and why, never who decided. */
    verdicts(ids: number[]): Promise<Array<{ itemId: number; verdict: string; reason: string; createdAt: string }>> {
      return db.all(
        `SELECT item_id AS "itemId", verdict, reason, created_at AS "createdAt" FROM verdicts WHERE item_id IN (${IDS}) ORDER BY item_id, id`,
        [json(ids)],
      );
    },

    claimMemberships(ids: number[]): Promise<Array<{ itemId: number; claimId: number; statement: string; state: string; claimVerdict: string | null }>> {
      return db.all(
        `SELECT ci.item_id AS "itemId", ci.claim_id AS "claimId", c.statement, ci.state, c.verdict AS "claimVerdict"
         FROM claim_items ci JOIN claims c ON c.id = ci.claim_id WHERE ci.item_id IN (${IDS}) ORDER BY ci.item_id, ci.claim_id`,
        [json(ids)],
      );
    },

    grievances(ids: number[]): Promise<Array<{ itemId: number; status: string; unit: string | null; updatedAt: string }>> {
      return db.all(
        `SELECT item_id AS "itemId", status, unit, updated_at AS "updatedAt" FROM grievances WHERE item_id IN (${IDS}) ORDER BY item_id`,
        [json(ids)],
      );
    },

    evidence(ids: number[]): Promise<Array<{ itemId: number; status: string; capturedAt: string | null; finalUrl: string | null; htmlSha256: string | null; pngSha256: string | null }>> {
      return db.all(
        `SELECT item_id AS "itemId", status, captured_at AS "capturedAt", final_url AS "finalUrl", html_sha256 AS "htmlSha256", png_sha256 AS "pngSha256"
         FROM evidence WHERE item_id IN (${IDS}) ORDER BY item_id`,
        [json(ids)],
      );
    },

    /**
     * Deletes these sightings and lowers their items' duplicate counts to match. Run inside
     * db.write(); returns how many rows went.
     */
    async deleteSightings(ids: number[]): Promise<number> {
      if (ids.length === 0) return 0;
      await db.run(
        `UPDATE items SET duplicate_count = ${greatest(db, '0', `duplicate_count - (SELECT count(*) FROM item_sightings g WHERE g.item_id = items.id AND g.id IN (${IDS}))`)}
         WHERE id IN (SELECT item_id FROM item_sightings WHERE id IN (${IDS}))`,
        [json(ids), json(ids)],
      );
      return (await db.run(`DELETE FROM item_sightings WHERE id IN (${IDS})`, [json(ids)])).changes;
    },
  };
}
