import type { Migration } from './index.js';

/**
 * Work shared by several processes (issue 16, §5): leased jobs (a crawl of one source, an evidence
 * capture), one slot per host for politeness across workers, and once-per-slot schedules (the
 * weekly digest, the daily purge). The same shape as PostgreSQL's 003-leases; times are ISO text
 * in UTC, so they compare as strings. No foreign keys: a lease outlives nothing it points to, and
 * rows for sources that went away are retired by the worker.
 */
export const leases: Migration = {
  name: '017-leases',
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
