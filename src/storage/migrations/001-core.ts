import type { Migration } from './index.js';

export const core: Migration = {
  name: '001-core',
  sql: `
CREATE TABLE sources (
  id          TEXT PRIMARY KEY,
  name        TEXT NOT NULL,
  type        TEXT NOT NULL,
  url         TEXT,
  unit        TEXT,
  enabled     INTEGER NOT NULL DEFAULT 1,
  config      TEXT NOT NULL DEFAULT '{}',
  created_at  TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now'))
);

CREATE TABLE items (
  id               INTEGER PRIMARY KEY,
  source_id        TEXT REFERENCES sources(id),
  unit             TEXT,
  url              TEXT,
  canonical_url    TEXT,
  title            TEXT,
  text             TEXT NOT NULL,
  -- folded (lowercase, no diacritics, teencode expanded) title + text: the FTS document
  folded           TEXT NOT NULL,
  author_pseudonym TEXT,
  content_hash     TEXT NOT NULL,
  -- 64-bit simhash split in four 16-bit bands: two texts within Hamming distance 3 share a band
  simhash          INTEGER NOT NULL,
  sh0 INTEGER NOT NULL, sh1 INTEGER NOT NULL, sh2 INTEGER NOT NULL, sh3 INTEGER NOT NULL,
  duplicate_count  INTEGER NOT NULL DEFAULT 0,
  published_at     TEXT,
  collected_at     TEXT NOT NULL,
  status           TEXT NOT NULL DEFAULT 'new',
  -- classification summary for the queue; details in classifications
  classified_at    TEXT,
  max_score        REAL,
  flagged          INTEGER NOT NULL DEFAULT 0
);
CREATE UNIQUE INDEX items_content_hash ON items(content_hash);
CREATE INDEX items_canonical_url ON items(canonical_url) WHERE canonical_url IS NOT NULL;
CREATE INDEX items_sh0 ON items(sh0);
CREATE INDEX items_sh1 ON items(sh1);
CREATE INDEX items_sh2 ON items(sh2);
CREATE INDEX items_sh3 ON items(sh3);
CREATE INDEX items_collected ON items(collected_at, id);
CREATE INDEX items_flagged ON items(flagged, collected_at, id);
CREATE INDEX items_source ON items(source_id, collected_at);

-- Raw handles live apart from items so that exports, digests and most reads never touch them.
CREATE TABLE item_authors (
  item_id    INTEGER PRIMARY KEY REFERENCES items(id) ON DELETE CASCADE,
  raw_author TEXT NOT NULL
);

-- Every later copy of an item (exact or near duplicate, any source): counted and linked, never lost.
CREATE TABLE item_sightings (
  id               INTEGER PRIMARY KEY,
  item_id          INTEGER NOT NULL REFERENCES items(id) ON DELETE CASCADE,
  source_id        TEXT,
  url              TEXT,
  author_pseudonym TEXT,
  kind             TEXT NOT NULL CHECK (kind IN ('exact', 'url', 'near')),
  distance         INTEGER,
  seen_at          TEXT NOT NULL
);
CREATE INDEX item_sightings_item ON item_sightings(item_id);

CREATE TABLE classifications (
  item_id       INTEGER PRIMARY KEY REFERENCES items(id) ON DELETE CASCADE,
  version       TEXT NOT NULL,
  labels        TEXT NOT NULL,  -- JSON array
  scores        TEXT NOT NULL,  -- JSON object label -> score
  reasons       TEXT NOT NULL,  -- JSON array of Reason
  classified_at TEXT NOT NULL
);

-- One row per (item, label) above threshold: drives queue filters and per-label counts.
CREATE TABLE item_labels (
  item_id INTEGER NOT NULL REFERENCES items(id) ON DELETE CASCADE,
  label   TEXT NOT NULL,
  score   REAL NOT NULL,
  PRIMARY KEY (item_id, label)
) WITHOUT ROWID;
CREATE INDEX item_labels_label ON item_labels(label, item_id);

CREATE VIRTUAL TABLE items_fts USING fts5(
  folded, content='items', content_rowid='id', tokenize='unicode61 remove_diacritics 2'
);
CREATE TRIGGER items_fts_ai AFTER INSERT ON items BEGIN
  INSERT INTO items_fts(rowid, folded) VALUES (new.id, new.folded);
END;
CREATE TRIGGER items_fts_ad AFTER DELETE ON items BEGIN
  INSERT INTO items_fts(items_fts, rowid, folded) VALUES ('delete', old.id, old.folded);
END;
CREATE TRIGGER items_fts_au AFTER UPDATE OF folded ON items BEGIN
  INSERT INTO items_fts(items_fts, rowid, folded) VALUES ('delete', old.id, old.folded);
  INSERT INTO items_fts(rowid, folded) VALUES (new.id, new.folded);
END;

CREATE TABLE settings (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
);
`,
};
