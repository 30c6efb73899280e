import type { Migration } from './index.js';

/**
 * Privacy (issue 8): erased items, data-subject requests and the suppression list.
 *
 * - An expired or erased item that carries the organisation's decisions (verdicts, claim
 *   membership, grievance follow-up) keeps its row as a shell: text, title, URLs, author and
 *   fingerprints are cleared and `erased_at` is set. Every other expired item is deleted.
 * - FTS5 'secure-delete' makes deletions remove the terms from the index b-tree itself rather
 *   than leaving them until the next merge, so erased text is gone from the file's bytes.
 * - Suppressions hold only keyed hashes (HMAC with the installation secret) of erased URLs and
 *   handles, so a re-crawl can recognise and skip them without the value being stored.
 * - There is deliberately no index on author columns: finding a person's posts (a request) is a
 *   rare, audited full scan, never a cheap lookup that could grow into author tracking.
 */
export const privacy: Migration = {
  name: '008-privacy',
  sql: `
ALTER TABLE items ADD COLUMN erased_at TEXT;

-- What an evidence screenshot shows: 'element' (the source's post_selector), 'viewport' (no
-- selector defined) or 'viewport_fallback' (selector defined, element missing). Never a full page.
ALTER TABLE evidence ADD COLUMN png_scope TEXT CHECK (png_scope IN ('element', 'viewport', 'viewport_fallback'));
-- What the HTML snapshot holds: 'element' (only the post element, in a minimal document) or
-- 'page' (the whole rendered page: no selector defined, or the element was missing).
ALTER TABLE evidence ADD COLUMN html_scope TEXT CHECK (html_scope IN ('element', 'page'));

INSERT INTO items_fts(items_fts, rank) VALUES ('secure-delete', 1);

CREATE TABLE subject_requests (
  id              INTEGER PRIMARY KEY,
  kind            TEXT NOT NULL CHECK (kind IN ('access', 'deletion')),
  subject_type    TEXT NOT NULL CHECK (subject_type IN ('handle', 'url')),
  -- keyed hash of the normalised handle or canonical URL (see src/privacy/subject-hash.ts)
  subject_hash    TEXT NOT NULL,
  -- masked form for lists ("ng…an", "example.com/…"): never the full value
  subject_hint    TEXT NOT NULL,
  -- the value itself, needed while the request is worked on; cleared when it is closed
  subject_value   TEXT,
  -- how to reach the requester (free text); cleared when the request is closed
  requester       TEXT,
  received_at     TEXT NOT NULL,
  -- Decree 356/2025: acknowledge within 2 working days, act within 20 days
  ack_due_at      TEXT NOT NULL,
  due_at          TEXT NOT NULL,
  acknowledged_at TEXT,
  exported_at     TEXT,
  closed_at       TEXT,
  status          TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'acknowledged', 'completed', 'rejected')),
  items_found     INTEGER,
  items_erased    INTEGER,
  note            TEXT,
  created_by      INTEGER REFERENCES users(id),
  created_at      TEXT NOT NULL
);
CREATE INDEX subject_requests_open ON subject_requests(status, due_at);

CREATE TABLE suppressions (
  hash       TEXT PRIMARY KEY,
  kind       TEXT NOT NULL CHECK (kind IN ('handle', 'url')),
  request_id INTEGER REFERENCES subject_requests(id),
  created_at TEXT NOT NULL
) WITHOUT ROWID;
`,
};
