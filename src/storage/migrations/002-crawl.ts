import type { Migration } from './index.js';

export const crawl: Migration = {
  name: '002-crawl',
  sql: `
-- One row per refresh of a source: what was found, what was new, what went wrong.
CREATE TABLE crawl_runs (
  id          INTEGER PRIMARY KEY,
  source_id   TEXT NOT NULL,
  started_at  TEXT NOT NULL,
  ended_at    TEXT,
  status      TEXT NOT NULL DEFAULT 'running' CHECK (status IN ('running', 'ok', 'not_modified', 'failed')),
  pages       INTEGER NOT NULL DEFAULT 0,
  found       INTEGER NOT NULL DEFAULT 0,
  new_count   INTEGER NOT NULL DEFAULT 0,
  duplicates  INTEGER NOT NULL DEFAULT 0,
  error       TEXT
);
CREATE INDEX crawl_runs_source ON crawl_runs(source_id, started_at);

-- Scheduling state per source: the database decides what is due. running_since is the
-- cross-process lock against overlapping runs of one source.
CREATE TABLE crawl_state (
  source_id            TEXT PRIMARY KEY,
  next_due_at          TEXT NOT NULL,
  consecutive_failures INTEGER NOT NULL DEFAULT 0,
  health               TEXT NOT NULL DEFAULT 'ok' CHECK (health IN ('ok', 'degraded', 'failing')),
  paused               INTEGER NOT NULL DEFAULT 0,
  running_since        TEXT,
  last_run_at          TEXT,
  last_success_at      TEXT,
  last_error           TEXT
);
CREATE INDEX crawl_state_due ON crawl_state(next_due_at) WHERE paused = 0;

-- Validators for conditional GET, written only after a response's items are stored.
CREATE TABLE http_cache (
  url           TEXT PRIMARY KEY,
  etag          TEXT,
  last_modified TEXT,
  updated_at    TEXT NOT NULL
);

-- Evidence of flagged items: queued by the crawl, captured by a separate worker.
CREATE TABLE evidence (
  item_id      INTEGER PRIMARY KEY REFERENCES items(id) ON DELETE CASCADE,
  url          TEXT NOT NULL,
  status       TEXT NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'capturing', 'done', 'failed')),
  attempts     INTEGER NOT NULL DEFAULT 0,
  queued_at    TEXT NOT NULL,
  not_before   TEXT NOT NULL,
  started_at   TEXT,
  captured_at  TEXT,
  final_url    TEXT,
  html_path    TEXT,
  html_sha256  TEXT,
  png_path     TEXT,
  png_sha256   TEXT,
  error        TEXT
);
CREATE INDEX evidence_queue ON evidence(status, not_before);
`,
};
