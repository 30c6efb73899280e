import type { Migration } from '../../migrations/index.js';

// Where an unfinished run of a paginated source stands; the same shape as SQLite's 019-crawl-resume.
export const crawlResume: Migration = {
  name: '005-crawl-resume',
  sql: `
ALTER TABLE crawl_state ADD COLUMN resume_url TEXT;
ALTER TABLE crawl_state ADD COLUMN resume_pages INTEGER NOT NULL DEFAULT 0;
ALTER TABLE crawl_state ADD COLUMN resume_at TEXT;
`,
};
