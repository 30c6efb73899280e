import type { SqlDb } from './sql-db.js';
import { flag, joinInOrder } from './sql-fragments.js';

/** Half-open instant range [start, end) as ISO strings, the format every *_at column uses. */
export interface Range {
  start: string;
  end: string;
}

/** Verdicts that confirm a rule's label, per label; other labels: anything but not_relevant. */
export type ConfirmingVerdicts = Readonly<Record<string, readonly string[]>>;

// The CAST types the parameter for PostgreSQL, which cannot tell the type of a bare `? IS NULL`.
const U = '(CAST(?3 AS TEXT) IS NULL OR i.unit = ?3)';
/**
 * When a post was published: its publication time, or its collection time when that is unknown or
 * later than collection (a clock or zone error). Posts are counted in the week of this instant, so a
 * backlog import or a late crawl lands in the week it speaks about. Spelled exactly as the expression
 * indexes of migration 010 (items_posted, items_posted_flagged), which SQLite then uses for range scans.
 */
const POSTED_AT = '(CASE WHEN i.published_at < i.collected_at THEN i.published_at ELSE i.collected_at END)';
// What the team did (verdicts, responses) follows the time it was done; posts follow POSTED_AT.
const IN_RANGE = `${POSTED_AT} >= ?1 AND ${POSTED_AT} < ?2`;
// Flagged posts of a week: (flagged, posted) for all units; the covering index (posted, unit,
// source_id, flagged, …) when one unit is asked for, so no row is read.
const flaggedIndex = (unit: string | null) => (unit == null ? 'items_posted_flagged' : 'items_posted');

/**
 * The figures of the weekly digest and of the admin rule list. All aggregation happens in SQL over
 * indexed range scans; callers get small result sets.
 */
export function digestQueriesRepo(db: SqlDb) {
  const p = (r: Range, unit: string | null) => [r.start, r.end, unit];
  const pg = db.dialect === 'postgres';
  const cross = joinInOrder(db);
  // SQLite's plan hint (bench checks the plans at 1M items); PostgreSQL plans these itself.
  const indexedBy = (unit: string | null) => (pg ? '' : `INDEXED BY ${flaggedIndex(unit)}`);
  // PostgreSQL groups only by what it can prove determines the other columns (a primary key).
  const alsoGroupBy = (cols: string) => (pg ? `, ${cols}` : '');
  const hours = pg
    ? 'CAST(EXTRACT(EPOCH FROM CAST(v.created_at AS timestamptz) - CAST(i.collected_at AS timestamptz)) AS DOUBLE PRECISION) / 3600'
    : '(julianday(v.created_at) - julianday(i.collected_at)) * 24';
  // Does the verdict confirm the rule's label: the label's confirming verdicts from ?4 (a JSON
  // object), else anything but not_relevant.
  const confirms = pg
    ? `CASE WHEN CAST(?4 AS json)->h.label IS NULL THEN ${flag("i.verdict <> 'not_relevant'")}
        ELSE ${flag('EXISTS (SELECT 1 FROM json_array_elements_text(CAST(?4 AS json)->h.label) c WHERE c = i.verdict)')} END`
    : `CASE WHEN json_type(?4, '$."' || h.label || '"') IS NULL THEN i.verdict <> 'not_relevant'
        ELSE EXISTS (SELECT 1 FROM json_each(?4, '$."' || h.label || '"') c WHERE c.value = i.verdict) END`;
  const one = async (sql: string, params: (string | number | null)[]) => (await db.get<{ n: number }>(sql, params))?.n ?? 0;

  return {
    collected: (r: Range, unit: string | null) =>
      one(`SELECT count(*) AS n FROM items i WHERE ${IN_RANGE} AND ${U}`, p(r, unit)),

    flagged: (r: Range, unit: string | null) =>
      one(`SELECT count(*) AS n FROM items i ${indexedBy(unit)} WHERE i.flagged = 1 AND ${IN_RANGE} AND ${U}`, p(r, unit)),

    flaggedByLabel: (r: Range, unit: string | null) =>
      db.all<{ label: string; n: number }>(
        `SELECT l.label, count(*) AS n FROM items i ${indexedBy(unit)} ${cross} item_labels l ON l.item_id = i.id
         WHERE i.flagged = 1 AND ${IN_RANGE} AND ${U} GROUP BY l.label`,
        p(r, unit),
      ),

    /** Items that received a verdict in the range. */
    reviewed: (r: Range, unit: string | null) =>
      one(
        `SELECT count(DISTINCT v.item_id) AS n FROM verdicts v ${cross} items i ON i.id = v.item_id
         WHERE v.created_at >= ?1 AND v.created_at < ?2 AND ${U}`,
        p(r, unit),
      ),

    /** Per verdict kind: items whose last verdict of the range is that kind. */
    verdicts: (r: Range, unit: string | null) =>
      db.all<{ verdict: string; n: number }>(
        `SELECT v.verdict, count(*) AS n FROM verdicts v ${cross} items i ON i.id = v.item_id
         WHERE v.created_at >= ?1 AND v.created_at < ?2 AND ${U}
           AND NOT EXISTS (SELECT 1 FROM verdicts w WHERE w.item_id = v.item_id AND w.id > v.id AND w.created_at < ?2)
         GROUP BY v.verdict`,
        p(r, unit),
      ),

    /** Hours from collection to the first verdict (the team's own delay, so collection time), for items first decided in the range (sorted). */
    async decisionHours(r: Range, unit: string | null): Promise<number[]> {
      const rows = await db.all<{ h: number }>(
        `SELECT ${hours} AS h FROM verdicts v ${cross} items i ON i.id = v.item_id
         WHERE v.created_at >= ?1 AND v.created_at < ?2 AND ${U}
           AND NOT EXISTS (SELECT 1 FROM verdicts w WHERE w.item_id = v.item_id AND w.id < v.id)
         ORDER BY h`,
        p(r, unit),
      );
      return rows.map((x) => x.h);
    },

    responses: async (r: Range, unit: string | null) => {
      const row = await db.get<{ approved: number; published: number }>(
        `SELECT coalesce(sum(${flag('x.approved_at >= ?1 AND x.approved_at < ?2')}), 0) AS approved,
                coalesce(sum(${flag('x.published_at >= ?1 AND x.published_at < ?2')}), 0) AS published
         FROM responses x JOIN claims c ON c.id = x.claim_id
         WHERE ((x.approved_at >= ?1 AND x.approved_at < ?2) OR (x.published_at >= ?1 AND x.published_at < ?2))
           AND (CAST(?3 AS TEXT) IS NULL OR c.unit = ?3)`,
        p(r, unit),
      );
      return { approved: row?.approved ?? 0, published: row?.published ?? 0 };
    },

    async byUnit(r: Range, unit: string | null) {
      const rows = await db.all<{ unit: string; collected: number; flagged: number }>(
        `SELECT coalesce(i.unit, '') AS unit, count(*) AS collected, sum(i.flagged) AS flagged FROM items i
         WHERE ${IN_RANGE} AND ${U} GROUP BY i.unit ORDER BY collected DESC`,
        p(r, unit),
      );
      const reviewed = await db.all<{ unit: string; n: number }>(
        `SELECT coalesce(i.unit, '') AS unit, count(DISTINCT v.item_id) AS n FROM verdicts v ${cross} items i ON i.id = v.item_id
         WHERE v.created_at >= ?1 AND v.created_at < ?2 AND ${U} GROUP BY i.unit`,
        p(r, unit),
      );
      const rev = new Map(reviewed.map((x) => [x.unit, x.n]));
      const out = rows.map((x) => ({ ...x, reviewed: rev.get(x.unit) ?? 0 }));
      for (const [u, n] of rev) if (!rows.some((x) => x.unit === u)) out.push({ unit: u, collected: 0, flagged: 0, reviewed: n });
      return out;
    },

    bySource: (r: Range, unit: string | null, limit = 20) =>
      db.all<{ source: string; name: string; collected: number; flagged: number }>(
        `SELECT coalesce(i.source_id, '') AS source, coalesce(s.name, i.source_id, '') AS name,
                count(*) AS collected, sum(i.flagged) AS flagged
         FROM items i LEFT JOIN sources s ON s.id = i.source_id
         WHERE ${IN_RANGE} AND ${U} GROUP BY i.source_id${alsoGroupBy('s.name')} ORDER BY collected DESC, source LIMIT ?4`,
        [...p(r, unit), limit],
      ),

    /** Claims ranked by their confirmed items collected in the range (suggestions do not count), with verdict and best response status. */
    topClaims: (r: Range, unit: string | null, limit = 10) =>
      db.all<{ id: number; statement: string; label: string | null; verdict: string | null; items: number; rs: number | null }>(
        `SELECT c.id, c.statement, c.label, c.verdict, count(*) AS items,
           (SELECT max(CASE x.status WHEN 'published' THEN 3 WHEN 'approved' THEN 2 ELSE 1 END)
              FROM responses x WHERE x.claim_id = c.id) AS rs
         FROM items i ${cross} claim_items ci ON ci.item_id = i.id AND ci.state = 'confirmed'
         JOIN claims c ON c.id = ci.claim_id
         WHERE ${IN_RANGE} AND ${U} GROUP BY c.id ORDER BY items DESC, c.id LIMIT ?4`,
        [...p(r, unit), limit],
      ),

    /**
     * Grievance items (label or verdict) of the range grouped by the set of grievance rules that
     * fired on each (comma-separated, '' = none) and follow-up status: one item counts once.
     */
    grievanceThemes: (r: Range, unit: string | null, label = 'grievance') =>
      db.all<{ rules: string; follow_up: string; n: number }>(
        `SELECT rules, follow_up, count(*) AS n FROM (
           SELECT i.id, coalesce(${pg ? "string_agg(h.rule_id, ',' ORDER BY h.rule_id)" : 'group_concat(h.rule_id)'}, '') AS rules, coalesce(g.status, 'open') AS follow_up
           FROM items i LEFT JOIN item_rule_hits h ON h.item_id = i.id AND h.label = ?4 AND h.shadow = 0
           LEFT JOIN grievances g ON g.item_id = i.id
           WHERE ${IN_RANGE} AND ${U}
             AND (i.verdict = ?4 OR (coalesce(i.verdict, '') <> 'not_relevant'
                  AND EXISTS (SELECT 1 FROM item_labels l WHERE l.item_id = i.id AND l.label = ?4)))
           GROUP BY i.id${alsoGroupBy('g.status')}) AS t
         GROUP BY rules, follow_up`,
        [...p(r, unit), label],
      ),

    /** Sources with at least one failed crawl run started in the range. */
    failedSources: (r: Range, unit: string | null) =>
      db.all<{ source: string; name: string; failures: number; runs: number; last_error: string | null; health: string | null }>(
        `SELECT s.id AS source, s.name, sum(${flag("x.status = 'failed'")}) AS failures, count(*) AS runs,
           (SELECT y.error FROM crawl_runs y WHERE y.source_id = s.id AND y.status = 'failed'
              AND y.started_at >= ?1 AND y.started_at < ?2 ORDER BY y.started_at DESC LIMIT 1) AS last_error,
           (SELECT st.health FROM crawl_state st WHERE st.source_id = s.id) AS health
         FROM sources s ${cross} crawl_runs x ON x.source_id = s.id AND x.started_at >= ?1 AND x.started_at < ?2
         WHERE (CAST(?3 AS TEXT) IS NULL OR s.unit = ?3)
         GROUP BY s.id HAVING sum(${flag("x.status = 'failed'")}) > 0 ORDER BY failures DESC, s.id`,
        p(r, unit),
      ),

    /**
     * Per rule: items of the range that cite it, how many carry a reviewer's verdict (other than
     * "unverifiable", which neither confirms nor refutes), and how many of those confirm its label.
     */
    rulePerformance: (r: Range, unit: string | null, confirming: ConfirmingVerdicts) =>
      db.all<{ rule_id: string; label: string; shadow: number; hits: number; reviewed: number; confirmed: number }>(
        `SELECT h.rule_id, h.label, max(h.shadow) AS shadow, count(*) AS hits,
           coalesce(sum(${flag("i.verdict IS NOT NULL AND i.verdict <> 'unverifiable'")}), 0) AS reviewed,
           coalesce(sum(CASE WHEN i.verdict IS NULL OR i.verdict = 'unverifiable' THEN 0 ELSE ${confirms} END), 0) AS confirmed
         FROM items i ${cross} item_rule_hits h ON h.item_id = i.id
         WHERE ${IN_RANGE} AND ${U} GROUP BY h.rule_id${alsoGroupBy('h.label')} ORDER BY hits DESC, h.rule_id`,
        [...p(r, unit), JSON.stringify(confirming)],
      ),

    /** An even sample (every k-th id) of the range's items: folded text (for counting) and display text. */
    async sampleTexts(r: Range, unit: string | null, max: number): Promise<{ docs: { folded: string; text: string }[]; handles: string[]; total: number }> {
      const total = await one(`SELECT count(*) AS n FROM items i WHERE ${IN_RANGE} AND ${U}`, p(r, unit));
      const k = Math.max(1, Math.ceil(total / max));
      // Raw handles come back only so that term statistics can drop them, never to be shown.
      const rows = await db.all<{ f: string; t: string; a: string | null }>(
        `SELECT substr(i.folded, 1, 1500) AS f, substr(coalesce(i.title || '. ', '') || i.text, 1, 1500) AS t,
           (SELECT raw_author FROM item_authors x WHERE x.item_id = i.id) AS a FROM items i
         WHERE ${IN_RANGE} AND ${U} AND i.id % ?4 = 0 LIMIT ?5`,
        [...p(r, unit), k, max],
      );
      return { docs: rows.map((x) => ({ folded: x.f, text: x.t })), handles: rows.flatMap((x) => (x.a ? [x.a] : [])), total };
    },
  };
}

export type DigestQueries = ReturnType<typeof digestQueriesRepo>;
