import type { Migration } from './index.js';

/**
 * Admin tools and the weekly digest: stored digests, versioned rule overrides, model versions, and
 * an index of which rules each classification cites (kept in step with classifications by
 * triggers, so rule hits and precision are index lookups rather than JSON parsing at 1M items).
 */
export const admin: Migration = {
  name: '004-admin',
  sql: `
CREATE TABLE item_rule_hits (
  item_id INTEGER NOT NULL REFERENCES items(id) ON DELETE CASCADE,
  rule_id TEXT NOT NULL,
  label   TEXT NOT NULL,
  shadow  INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (item_id, rule_id)
) WITHOUT ROWID;
CREATE INDEX item_rule_hits_rule ON item_rule_hits(rule_id, item_id);

-- Saving a classification is INSERT OR REPLACE; the insert trigger clears the old citations first.
CREATE TRIGGER classifications_rule_hits_ai AFTER INSERT ON classifications BEGIN
  DELETE FROM item_rule_hits WHERE item_id = new.item_id;
  INSERT OR IGNORE INTO item_rule_hits (item_id, rule_id, label, shadow)
    SELECT new.item_id, r.value->>'ruleId', r.value->>'label', coalesce(r.value->>'shadow', 0)
    FROM json_each(new.reasons) r WHERE r.value->>'kind' = 'rule';
END;
CREATE TRIGGER classifications_rule_hits_au AFTER UPDATE OF reasons ON classifications BEGIN
  DELETE FROM item_rule_hits WHERE item_id = new.item_id;
  INSERT OR IGNORE INTO item_rule_hits (item_id, rule_id, label, shadow)
    SELECT new.item_id, r.value->>'ruleId', r.value->>'label', coalesce(r.value->>'shadow', 0)
    FROM json_each(new.reasons) r WHERE r.value->>'kind' = 'rule';
END;
CREATE TRIGGER classifications_rule_hits_ad AFTER DELETE ON classifications BEGIN
  DELETE FROM item_rule_hits WHERE item_id = old.item_id;
END;
INSERT OR IGNORE INTO item_rule_hits (item_id, rule_id, label, shadow)
  SELECT c.item_id, r.value->>'ruleId', r.value->>'label', coalesce(r.value->>'shadow', 0)
  FROM classifications c, json_each(c.reasons) r WHERE r.value->>'kind' = 'rule';

-- One digest per (week, unit, language); unit '' is the all-units digest.
CREATE TABLE digests (
  id          INTEGER PRIMARY KEY,
  week        TEXT NOT NULL,
  unit        TEXT NOT NULL DEFAULT '',
  lang        TEXT NOT NULL,
  created_at  TEXT NOT NULL,
  data        TEXT NOT NULL,
  html        TEXT NOT NULL,
  markdown    TEXT NOT NULL,
  pdf         BLOB,
  out_dir     TEXT,
  delivery    TEXT,
  delivered_at TEXT,
  UNIQUE (week, unit, lang)
);

-- Rules edited in the UI: every save is a new version with its author and a diff. spec NULL means
-- "back to the shipped default from rules/*.yaml". The current override is the highest version.
CREATE TABLE rule_overrides (
  id         INTEGER PRIMARY KEY,
  rule_id    TEXT NOT NULL,
  version    INTEGER NOT NULL,
  pack_file  TEXT,
  kind       TEXT NOT NULL DEFAULT 'rule' CHECK (kind IN ('rule', 'guard')),
  spec       TEXT,
  diff       TEXT NOT NULL,
  note       TEXT,
  author_id  INTEGER REFERENCES users(id),
  author     TEXT NOT NULL,
  created_at TEXT NOT NULL,
  UNIQUE (rule_id, version)
);

-- Trained models; exactly one may be active (the classifier of ingest uses it).
CREATE TABLE model_versions (
  id               INTEGER PRIMARY KEY,
  path             TEXT NOT NULL,
  sha256           TEXT NOT NULL,
  created_at       TEXT NOT NULL,
  created_by       TEXT,
  examples         INTEGER NOT NULL,
  verdict_examples INTEGER NOT NULL DEFAULT 0,
  eval_before      TEXT,
  eval_after       TEXT,
  active           INTEGER NOT NULL DEFAULT 0,
  activated_at     TEXT
);
CREATE UNIQUE INDEX model_versions_one_active ON model_versions(active) WHERE active = 1;
`,
};
