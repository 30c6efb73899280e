import type { Migration } from './index.js';

/**
 * The digest counts a post in the week it was published (collection time when the publication time
 * is unknown, or when it claims to be later than collection, which a clock or zone error makes): a
 * backlog import or a late crawl then lands in the right week. These expression indexes cover that
 * instant exactly as `POSTED_AT` in digest-queries.ts spells it (SQLite matches the expression).
 */
export const postedWeekIndex: Migration = {
  name: '010-posted-week-index',
  sql: `
CREATE INDEX IF NOT EXISTS items_posted ON items((CASE WHEN published_at < collected_at THEN published_at ELSE collected_at END), unit, source_id, flagged, verdict);
CREATE INDEX IF NOT EXISTS items_posted_flagged ON items(flagged, (CASE WHEN published_at < collected_at THEN published_at ELSE collected_at END), id);
`,
};
