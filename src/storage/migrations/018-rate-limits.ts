import type { Migration } from './index.js';

/**
 * Rate limits shared by every web node (issue 16: web nodes are stateless): one row per counted
 * call in the window, keyed by a keyed hash of the client (never a raw address). Rows leave as
 * soon as their window has passed; `refused` marks the first refusal of a window (audited once).
 */
export const rateLimits: Migration = {
  name: '018-rate-limits',
  sql: `
CREATE TABLE rate_hits (
  bucket   TEXT NOT NULL,
  key_hash TEXT NOT NULL,
  at_ms    INTEGER NOT NULL,
  refused  INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX rate_hits_key ON rate_hits(bucket, key_hash, at_ms);
CREATE INDEX rate_hits_age ON rate_hits(bucket, at_ms);
`,
};
