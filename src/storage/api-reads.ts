import type { Claim } from './claims.js';
import type { SqlValue } from './db.js';
import { ftsParam } from './fts.js';
import { joinInOrder, perRow } from './sql-fragments.js';
import type { SqlDb } from './sql-db.js';

/**
 * Reads of the JSON API (issue 15, §4); counts and digests are in api-summaries.ts. Every read takes `units`: the unit codes the caller may
 * see (null = every unit); rows of any other unit, and rows with no unit, are never returned to a
 * scoped caller. Pages are keyset-paginated on id, newest first, so a page costs the same deep in
 * the list as at its start. Raw handles are never selected here, except by `authorHandles`, which
 * the API uses only to blank them out of text it returns.
 */
export interface ApiItemFilter {
  units: string[] | null;
  label?: string;
  status?: string;
  source?: string;
  /** Inclusive bounds on collected_at. */
  from?: string;
  to?: string;
  minScore?: number;
  /** Folded FTS5 query (built by the caller, as the queue does). */
  match?: string;
  flaggedOnly: boolean;
}

export interface ApiItem {
  id: number;
  sourceId: string | null;
  unit: string | null;
  url: string | null;
  title: string | null;
  excerpt: string;
  /** The pseudonym stored at ingest (HMAC of the handle with the installation secret), as exports give it. */
  authorPseudonym: string | null;
  publishedAt: string | null;
  collectedAt: string;
  status: string;
  verdict: string | null;
  flagged: boolean;
  maxScore: number | null;
  duplicateCount: number;
  labels: { label: string; score: number }[];
}

export interface ApiClaimFilter {
  units: string[] | null;
  verdict?: string;
  label?: string;
  decided?: boolean;
}

export interface ApiResponse {
  id: number;
  status: 'approved' | 'published';
  body: string;
  approvedAt: string | null;
  publishedAt: string | null;
  publishedUrl: string | null;
  sources: { url: string; title: string }[];
}

/** A claim as the API gives it: without the account ids of who created or decided it. */
export type ApiClaim = Omit<Claim, 'createdBy' | 'decidedBy'> & {
  members: number;
  responses: ApiResponse[];
};

export const marks = (n: number) => Array.from({ length: n }, () => '?').join(',');

/** `col IN (units)`, or nothing for an unscoped caller. An empty list matches no row (`1 = 0`: PostgreSQL wants a boolean). */
export function unitClause(col: string, units: string[] | null, params: SqlValue[]): string | null {
  if (units === null) return null;
  if (units.length === 0) return '1 = 0';
  if (units.length === 1) {
    params.push(units[0]);
    return `${col} = ?`;
  }
  params.push(...units);
  return `${col} IN (${marks(units.length)})`;
}

interface ItemRow {
  id: number;
  source_id: string | null;
  unit: string | null;
  url: string | null;
  title: string | null;
  excerpt: string;
  author_pseudonym: string | null;
  published_at: string | null;
  collected_at: string;
  status: string;
  verdict: string | null;
  flagged: number;
  max_score: number | null;
  duplicate_count: number;
}

export function apiReadsRepo(db: SqlDb) {
  const pg = db.dialect === 'postgres';
  /**
   * Shaped like the queue's page query (src/storage/queue.ts): ids in order first, driven by FTS,
   * the label index or an (x, flagged) index walked newest first, then the rows of one page.
   * SQLite gets its join order (CROSS JOIN) and per-row checks (`+x`) spelled out; PostgreSQL
   * takes neither hint (its planner chooses) and searches items.folded_tsv.
   */
  function itemIds(f: ApiItemFilter, limit: number, beforeId?: number): { sql: string; params: SqlValue[] } {
    const params: SqlValue[] = [];
    const where: string[] = [];
    const join = joinInOrder(db);
    let from = 'items i';
    let id = 'i.id';
    if (f.match && pg) {
      where.push(`i.folded_tsv @@ to_tsquery('simple', ?)`);
      params.push(ftsParam(db, f.match));
    } else if (f.match) {
      from = 'items_fts f CROSS JOIN items i ON i.id = f.rowid';
      where.push('items_fts MATCH ?');
      params.push(f.match);
      id = 'f.rowid';
    }
    if (f.label) {
      if (f.match) from += ` ${join} item_labels l ON l.item_id = i.id`;
      else {
        from = `item_labels l ${join} items i ON i.id = l.item_id`;
        id = 'l.item_id';
      }
      where.push('l.label = ?');
      params.push(f.label);
    } else if (f.flaggedOnly) where.push('i.flagged = 1');
    // With an equality filter the date bounds are checked per row rather than chosen as the index.
    const eq = Boolean(f.status || f.source || f.label || f.match || (f.units && f.units.length === 1));
    const date = eq ? perRow(db, 'i.collected_at') : 'i.collected_at';
    // Several units: checked per row while walking ids newest first (an IN over the unit index would
    // collect and sort every row of those units before the first page).
    const units = unitClause(f.units && f.units.length > 1 ? perRow(db, 'i.unit') : 'i.unit', f.units, params);
    if (units) where.push(units);
    if (f.status) (where.push('i.status = ?'), params.push(f.status));
    if (f.source) (where.push('i.source_id = ?'), params.push(f.source));
    if (f.from) (where.push(`${date} >= ?`), params.push(f.from));
    if (f.to) (where.push(`${date} <= ?`), params.push(f.to));
    if (f.minScore != null) (where.push(`${perRow(db, f.label ? 'l.score' : 'i.max_score')} >= ?`), params.push(f.minScore));
    if (beforeId != null) (where.push(`${id} < ?`), params.push(beforeId));
    params.push(limit);
    return { sql: `SELECT ${id} AS id FROM ${from} WHERE ${where.length ? where.join(' AND ') : '1 = 1'} ORDER BY ${id} DESC LIMIT ?`, params };
  }

  return {
    async items(f: ApiItemFilter, limit: number, beforeId?: number): Promise<ApiItem[]> {
      const q = itemIds(f, limit, beforeId);
      const rows = await db.all<ItemRow>(
        `SELECT i.id, i.source_id, i.unit, i.url, i.title, substr(i.text, 1, 500) AS excerpt, i.author_pseudonym, i.published_at,
                i.collected_at, i.status, i.verdict, i.flagged, i.max_score, i.duplicate_count
           FROM (${q.sql}) p JOIN items i ON i.id = p.id ORDER BY p.id DESC`,
        q.params,
      );
      const labels = rows.length
        ? await db.all<{ item_id: number; label: string; score: number }>(
            `SELECT item_id, label, score FROM item_labels WHERE item_id IN (${marks(rows.length)}) ORDER BY score DESC`,
            rows.map((r) => r.id),
          )
        : [];
      return rows.map((r) => ({
        id: r.id,
        sourceId: r.source_id,
        unit: r.unit,
        url: r.url,
        title: r.title,
        excerpt: r.excerpt,
        authorPseudonym: r.author_pseudonym,
        publishedAt: r.published_at,
        collectedAt: r.collected_at,
        status: r.status,
        verdict: r.verdict,
        flagged: r.flagged === 1,
        maxScore: r.max_score,
        duplicateCount: r.duplicate_count,
        labels: labels.filter((l) => l.item_id === r.id).map((l) => ({ label: l.label, score: l.score })),
      }));
    },

    /** The plan of an items page (bench): SQLite's EXPLAIN QUERY PLAN details, PostgreSQL's EXPLAIN lines. */
    async itemsPlan(f: ApiItemFilter): Promise<string[]> {
      const q = itemIds(f, 50);
      if (pg) return (await db.all<{ 'QUERY PLAN': string }>(`EXPLAIN ${q.sql}`, q.params)).map((r) => r['QUERY PLAN']);
      return (await db.all<{ detail: string }>(`EXPLAIN QUERY PLAN ${q.sql}`, q.params)).map((r) => r.detail);
    },

    /**
     * Raw handles of these items and of their later copies' authors are not kept with sightings,
     * so only the items' own: the API blanks them out of url, title and excerpt (a post's URL or
     * text often carries its author's handle). Never returned to a caller.
     */
    async authorHandles(ids: number[]): Promise<Map<number, string>> {
      if (ids.length === 0) return new Map();
      const rows = await db.all<{ item_id: number; raw_author: string }>(`SELECT item_id, raw_author FROM item_authors WHERE item_id IN (${marks(ids.length)})`, ids);
      return new Map(rows.map((r) => [r.item_id, r.raw_author]));
    },

    /** Claims newest first with their confirmed members counted and only approved or published responses. */
    async claims(f: ApiClaimFilter, limit: number, beforeId?: number): Promise<ApiClaim[]> {
      const params: SqlValue[] = [beforeId ?? Number.MAX_SAFE_INTEGER];
      const where = ['c.id < ?'];
      const units = unitClause('c.unit', f.units, params);
      if (units) where.push(units);
      if (f.verdict) (where.push('c.verdict = ?'), params.push(f.verdict));
      if (f.label) (where.push('c.label = ?'), params.push(f.label));
      if (f.decided !== undefined) where.push(f.decided ? 'c.verdict IS NOT NULL' : 'c.verdict IS NULL');
      params.push(limit);
      const rows = await db.all<{
        id: number; statement: string; label: string | null; unit: string | null; known_claim_id: string | null; verdict: string | null;
        verdict_reason: string | null; decided_at: string | null; created_at: string; updated_at: string; members: number;
      }>(
        `SELECT c.id, c.statement, c.label, c.unit, c.known_claim_id, c.verdict, c.verdict_reason, c.decided_at, c.created_at, c.updated_at,
                (SELECT count(*) FROM claim_items ci WHERE ci.claim_id = c.id AND ci.state = 'confirmed') AS members
           FROM claims c WHERE ${where.join(' AND ')} ORDER BY c.id DESC LIMIT ?`,
        params,
      );
      const ids = rows.map((r) => r.id);
      const responses = ids.length
        ? await db.all<{ id: number; claim_id: number; status: 'approved' | 'published'; body: string; approved_at: string | null; published_at: string | null; published_url: string | null }>(
            `SELECT id, claim_id, status, body, approved_at, published_at, published_url FROM responses
              WHERE claim_id IN (${marks(ids.length)}) AND status IN ('approved', 'published') ORDER BY id DESC`,
            ids,
          )
        : [];
      const sources = responses.length
        ? await db.all<{ response_id: number; url: string; title: string }>(
            `SELECT response_id, url, title FROM response_sources WHERE response_id IN (${marks(responses.length)}) ORDER BY response_id, position`,
            responses.map((r) => r.id),
          )
        : [];
      return rows.map((r) => ({
        id: r.id,
        statement: r.statement,
        label: r.label,
        unit: r.unit,
        knownClaimId: r.known_claim_id,
        verdict: r.verdict,
        verdictReason: r.verdict_reason,
        decidedAt: r.decided_at,
        createdAt: r.created_at,
        updatedAt: r.updated_at,
        members: r.members,
        responses: responses
          .filter((x) => x.claim_id === r.id)
          .map((x) => ({
            id: x.id,
            status: x.status,
            body: x.body,
            approvedAt: x.approved_at,
            publishedAt: x.published_at,
            publishedUrl: x.published_url,
            sources: sources.filter((s) => s.response_id === x.id).map((s) => ({ url: s.url, title: s.title })),
          })),
      }));
    },
  };
}

export type ApiReadsRepo = ReturnType<typeof apiReadsRepo>;
