import type { Migration } from '../../migrations/index.js';

// Rate limits shared by every web node; the same shape as SQLite's 018-rate-limits.
export const rateLimits: Migration = {
  name: '004-rate-limits',
  sql: `
CREATE TABLE rate_hits (
  bucket   TEXT NOT NULL,
  key_hash TEXT NOT NULL,
  at_ms    BIGINT NOT NULL,
  refused  INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX rate_hits_key ON rate_hits(bucket, key_hash, at_ms);
CREATE INDEX rate_hits_age ON rate_hits(bucket, at_ms);
`,
};
