import type { Migration } from './index.js';

/**
 * Where an unfinished run of a paginated source stands (issue 16): the next page's URL and the
 * pages already read, written in the same transaction as those pages' items. A worker taking over
 * a source whose run died (kill -9, a crash) goes on from there instead of from the first page.
 * Cleared when a run ends, whatever its outcome. The same shape as PostgreSQL's 005-crawl-resume.
 */
export const crawlResume: Migration = {
  name: '019-crawl-resume',
  sql: `
ALTER TABLE crawl_state ADD COLUMN resume_url TEXT;
ALTER TABLE crawl_state ADD COLUMN resume_pages INTEGER NOT NULL DEFAULT 0;
ALTER TABLE crawl_state ADD COLUMN resume_at TEXT;
`,
};
