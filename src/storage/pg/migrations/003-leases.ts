import type { Migration } from '../../migrations/index.js';

// Job leases, host slots and schedule slots shared by workers (issue 16, §5): the same shape as
// SQLite's 017-leases (ISO text times, compared as strings), independent of the rest of the schema.
export const leases: Migration = {
  name: '003-leases',
  sql: `
CREATE TABLE job_leases (
  kind             TEXT NOT NULL CHECK (kind IN ('crawl', 'evidence')),
  key              TEXT NOT NULL,
  due_at           TEXT NOT NULL,
  lease_owner      TEXT,
  lease_expires_at TEXT,
  attempts         INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (kind, key)
);
CREATE INDEX job_leases_due ON job_leases(kind, due_at);
CREATE TABLE host_slots (
  host             TEXT PRIMARY KEY,
  holder           TEXT,
  lease_expires_at TEXT,
  next_allowed_at  TEXT NOT NULL
);
CREATE TABLE schedule_slots (
  name     TEXT NOT NULL,
  slot     TEXT NOT NULL,
  fired_by TEXT NOT NULL,
  fired_at TEXT NOT NULL,
  PRIMARY KEY (name, slot)
);
`,
};
