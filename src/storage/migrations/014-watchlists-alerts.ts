import type { Migration } from './index.js';

/**
 * Watchlists and alerts (issue 15, §1). A watchlist is a saved search over words, labels, unit,
 * source and dates: it has no author column and cannot have one (the search language refuses
 * handles too). Alerts are about a watchlist or a claim, never a person; one per subject, kind and
 * window (the unique index is what makes "at most once per window" hold across processes).
 */
export const watchlistsAlerts: Migration = {
  name: '014-watchlists-alerts',
  sql: `
CREATE TABLE watchlists (
  id          INTEGER PRIMARY KEY,
  name        TEXT NOT NULL,
  query       TEXT NOT NULL,
  -- compiled FTS5 expression of query (src/text/search-query.ts)
  match       TEXT NOT NULL,
  labels      TEXT NOT NULL DEFAULT '[]',
  unit        TEXT,
  source_id   TEXT,
  date_from   TEXT,
  date_to     TEXT,
  created_by  INTEGER REFERENCES users(id) ON DELETE SET NULL,
  created_at  TEXT NOT NULL,
  updated_at  TEXT NOT NULL,
  -- newest item id when it was saved: "new since your last visit" for someone who never opened it
  start_item_id INTEGER NOT NULL DEFAULT 0
);

-- Newest item id a user had seen when they last opened the queue on a watchlist.
CREATE TABLE watchlist_visits (
  watchlist_id INTEGER NOT NULL REFERENCES watchlists(id) ON DELETE CASCADE,
  user_id      INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  seen_item_id INTEGER NOT NULL,
  visited_at   TEXT NOT NULL,
  PRIMARY KEY (watchlist_id, user_id)
) WITHOUT ROWID;

CREATE TABLE alerts (
  id           INTEGER PRIMARY KEY,
  kind         TEXT NOT NULL CHECK (kind IN ('spike_hour', 'spike_day', 'claim_reappears')),
  subject_type TEXT NOT NULL CHECK (subject_type IN ('watchlist', 'known_claim', 'claim')),
  subject_id   TEXT NOT NULL,
  -- name of the watchlist or statement of the claim when the alert fired (the subject may change later)
  subject_name TEXT NOT NULL,
  unit         TEXT,
  window_start TEXT NOT NULL,
  window_end   TEXT NOT NULL,
  count        INTEGER NOT NULL,
  baseline     REAL,
  p_value      REAL,
  item_ids     TEXT NOT NULL DEFAULT '[]',
  created_at   TEXT NOT NULL,
  mailed_at    TEXT,
  telegram_at  TEXT,
  delivery_attempts INTEGER NOT NULL DEFAULT 0,
  delivery_error TEXT
);
CREATE UNIQUE INDEX alerts_once ON alerts(subject_type, subject_id, kind, window_start);
CREATE INDEX alerts_undelivered ON alerts(id) WHERE mailed_at IS NULL OR telegram_at IS NULL;

-- Newest alert id each user has seen on /alerts (the badge counts what is newer).
CREATE TABLE alert_reads (
  user_id       INTEGER PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
  seen_alert_id INTEGER NOT NULL
);

-- The alert check counts copies by when they were seen.
CREATE INDEX item_sightings_seen ON item_sightings(seen_at);
`,
};
