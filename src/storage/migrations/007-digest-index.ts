import type { Migration } from './index.js';

/**
 * The digest's per-week breakdowns (unit, source, flagged, verdict) read this index alone: a week
 * of 40k items costs an index range scan, never 40k row lookups into the wide items table.
 */
export const digestIndex: Migration = {
  name: '007-digest-index',
  sql: `CREATE INDEX IF NOT EXISTS items_digest ON items(collected_at, unit, source_id, flagged, verdict);`,
};
