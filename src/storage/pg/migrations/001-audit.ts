import type { Migration } from '../../migrations/index.js';

// The audit chain first: it is what must never fork when several nodes write. Ids are given by
// the appender (previous id + 1, under the audit_log advisory lock), as on SQLite, because each
// row's hash covers its id; the primary key refuses a second row with the same id regardless.
export const audit: Migration = {
  name: '001-audit',
  sql: `
CREATE TABLE audit_log (
  id          BIGINT PRIMARY KEY,
  at          TEXT NOT NULL,
  user_id     BIGINT,
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
CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN RAISE EXCEPTION 'audit_log is append-only'; END $$;
CREATE TRIGGER audit_log_no_change BEFORE UPDATE OR DELETE ON audit_log
  FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
  FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only();
`,
};
