import type { Migration } from './index.js';

/**
 * Review workflow: accounts and sessions, verdicts, claims, responses, grievance follow-up and
 * the hash-chained audit log, plus the item columns and indexes the review queue needs at 1M rows.
 * Times are ISO 8601 text except session/throttle clocks (epoch ms, compared arithmetically).
 */
export const review: Migration = {
  name: '003-review',
  sql: `
CREATE TABLE users (
  id            INTEGER PRIMARY KEY,
  username      TEXT NOT NULL UNIQUE COLLATE NOCASE,
  role          TEXT NOT NULL CHECK (role IN ('viewer', 'reviewer', 'admin')),
  unit          TEXT,
  password_hash TEXT NOT NULL,
  disabled      INTEGER NOT NULL DEFAULT 0,
  created_at    TEXT NOT NULL,
  updated_at    TEXT NOT NULL
);

-- Only a SHA-256 of the cookie value is stored: a leaked database does not yield live sessions.
CREATE TABLE sessions (
  id_hash      TEXT PRIMARY KEY,
  user_id      INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  csrf_token   TEXT NOT NULL,
  created_ms   INTEGER NOT NULL,
  last_seen_ms INTEGER NOT NULL,
  flash        TEXT
) WITHOUT ROWID;
CREATE INDEX sessions_user ON sessions(user_id);

CREATE TABLE login_attempts (
  id   INTEGER PRIMARY KEY,
  key  TEXT NOT NULL,
  at_ms INTEGER NOT NULL
);
CREATE INDEX login_attempts_key ON login_attempts(key, at_ms);

CREATE TABLE claims (
  id             INTEGER PRIMARY KEY,
  statement      TEXT NOT NULL,
  label          TEXT,
  unit           TEXT,
  known_claim_id TEXT,
  verdict        TEXT,
  verdict_reason TEXT,
  decided_by     INTEGER REFERENCES users(id),
  decided_at     TEXT,
  created_by     INTEGER NOT NULL REFERENCES users(id),
  created_at     TEXT NOT NULL,
  updated_at     TEXT NOT NULL
);
CREATE INDEX claims_known ON claims(known_claim_id) WHERE known_claim_id IS NOT NULL;
CREATE INDEX claims_decided ON claims(verdict) WHERE verdict IS NOT NULL;

CREATE TABLE claim_items (
  claim_id   INTEGER NOT NULL REFERENCES claims(id) ON DELETE CASCADE,
  item_id    INTEGER NOT NULL REFERENCES items(id) ON DELETE CASCADE,
  state      TEXT NOT NULL CHECK (state IN ('suggested', 'confirmed', 'rejected')),
  similarity REAL,
  decided_by INTEGER REFERENCES users(id),
  created_at TEXT NOT NULL,
  PRIMARY KEY (claim_id, item_id)
) WITHOUT ROWID;
CREATE INDEX claim_items_item ON claim_items(item_id, state);

CREATE TABLE verdicts (
  id         INTEGER PRIMARY KEY,
  item_id    INTEGER NOT NULL REFERENCES items(id) ON DELETE CASCADE,
  claim_id   INTEGER REFERENCES claims(id) ON DELETE SET NULL,
  verdict    TEXT NOT NULL CHECK (verdict IN ('false', 'misleading', 'accurate', 'unverifiable', 'not_relevant', 'grievance')),
  reason     TEXT NOT NULL,
  note       TEXT,
  user_id    INTEGER NOT NULL REFERENCES users(id),
  created_at TEXT NOT NULL
);
CREATE INDEX verdicts_item ON verdicts(item_id, id);
CREATE INDEX verdicts_created ON verdicts(created_at);

CREATE TABLE responses (
  id            INTEGER PRIMARY KEY,
  claim_id      INTEGER NOT NULL REFERENCES claims(id) ON DELETE CASCADE,
  template      TEXT,
  body          TEXT NOT NULL,
  status        TEXT NOT NULL CHECK (status IN ('draft', 'approved', 'published')),
  created_by    INTEGER NOT NULL REFERENCES users(id),
  created_at    TEXT NOT NULL,
  updated_by    INTEGER NOT NULL REFERENCES users(id),
  updated_at    TEXT NOT NULL,
  approved_by   INTEGER REFERENCES users(id),
  approved_at   TEXT,
  published_by  INTEGER REFERENCES users(id),
  published_at  TEXT,
  published_url TEXT
);
CREATE INDEX responses_claim ON responses(claim_id, id);

CREATE TABLE response_sources (
  response_id INTEGER NOT NULL REFERENCES responses(id) ON DELETE CASCADE,
  position    INTEGER NOT NULL,
  url         TEXT NOT NULL,
  title       TEXT NOT NULL,
  PRIMARY KEY (response_id, position)
) WITHOUT ROWID;

-- Follow-up of worker grievances: routed to a unit, never answered with counter-messaging.
CREATE TABLE grievances (
  item_id    INTEGER PRIMARY KEY REFERENCES items(id) ON DELETE CASCADE,
  status     TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'forwarded', 'resolved')),
  unit       TEXT,
  note       TEXT,
  updated_by INTEGER REFERENCES users(id),
  updated_at TEXT NOT NULL
);
CREATE INDEX grievances_status ON grievances(status, item_id);

-- Append-only: each row's hash covers its content and the previous row's hash.
CREATE TABLE audit_log (
  id          INTEGER PRIMARY KEY,
  at          TEXT NOT NULL,
  user_id     INTEGER,
  username    TEXT,
  action      TEXT NOT NULL,
  target_type TEXT,
  target_id   TEXT,
  detail      TEXT NOT NULL DEFAULT '{}',
  ip          TEXT,
  prev_hash   TEXT NOT NULL,
  hash        TEXT NOT NULL
);
CREATE INDEX audit_log_action ON audit_log(action, id);
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;

ALTER TABLE items ADD COLUMN verdict TEXT;
ALTER TABLE items ADD COLUMN assigned_to INTEGER REFERENCES users(id);
ALTER TABLE items ADD COLUMN on_hold INTEGER NOT NULL DEFAULT 0;
ALTER TABLE items ADD COLUMN escalated INTEGER NOT NULL DEFAULT 0;
ALTER TABLE items ADD COLUMN status_changed_at TEXT;

-- Queue access paths. An index on (x) is ordered by (x, rowid), so "newest first" = id DESC
-- walks it backwards with no sort; the score paths carry id for keyset pagination.
CREATE INDEX items_q_unit ON items(unit);
CREATE INDEX items_q_status ON items(status);
CREATE INDEX items_q_source ON items(source_id);
CREATE INDEX items_q_unit_status ON items(unit, status);
CREATE INDEX items_q_score ON items(flagged, max_score, id);
CREATE INDEX items_q_unit_score ON items(unit, flagged, max_score, id);
CREATE INDEX items_q_assigned ON items(assigned_to) WHERE assigned_to IS NOT NULL;
CREATE INDEX item_labels_score ON item_labels(label, score, item_id);

-- Document frequencies of folded terms: picks the distinctive words for "similar items".
CREATE VIRTUAL TABLE items_fts_vocab USING fts5vocab(items_fts, 'row');
`,
};
