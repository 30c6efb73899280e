import type { Migration } from './index.js';

/**
 * Units as a managed list (issue 13, point 3). `code` is what items, users, sources, claims and
 * grievances already store in their `unit` column, so nothing else changes shape; a unit's
 * name and parent federation are edited here. `name_key` is the normalised name (tone-mark
 * placement, case) and is unique, so "Hoà Bình" and "Hòa Bình" cannot be two units. Units found
 * as free text in existing rows are imported with their text as name and a key that cannot clash
 * until an admin names them.
 */
// The five triggers differ only in name and event: built from one template, so they cannot drift.
const unitTriggers = [
  ['units_from_items', 'INSERT ON items'],
  ['units_from_users', 'INSERT ON users'],
  ['units_from_users_update', 'UPDATE OF unit ON users'],
  ['units_from_sources', 'INSERT ON sources'],
  ['units_from_sources_update', 'UPDATE OF unit ON sources'],
]
  .map(
    ([name, event]) => `CREATE TRIGGER ${name} AFTER ${event} WHEN NEW.unit IS NOT NULL AND trim(NEW.unit) <> '' BEGIN
  INSERT INTO units (code, name, name_key, created_at, updated_at) SELECT NEW.unit, NEW.unit, 'imported:' || NEW.unit, strftime('%Y-%m-%dT%H:%M:%fZ','now'), strftime('%Y-%m-%dT%H:%M:%fZ','now') WHERE NOT EXISTS (SELECT 1 FROM units WHERE code = NEW.unit OR name_key = 'imported:' || NEW.unit);
END;`,
  )
  .join('\n');

export const units: Migration = {
  name: '011-units',
  sql: `
CREATE TABLE units (
  id         INTEGER PRIMARY KEY,
  code       TEXT NOT NULL UNIQUE,
  name       TEXT NOT NULL,
  name_key   TEXT NOT NULL UNIQUE,
  parent_id  INTEGER REFERENCES units(id),
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX units_parent ON units(parent_id);

INSERT OR IGNORE INTO units (code, name, name_key, created_at, updated_at)
SELECT u, u, 'imported:' || u, strftime('%Y-%m-%dT%H:%M:%fZ','now'), strftime('%Y-%m-%dT%H:%M:%fZ','now')
FROM (
  SELECT unit AS u FROM users UNION SELECT unit FROM items UNION SELECT unit FROM sources
  UNION SELECT unit FROM claims UNION SELECT unit FROM grievances
)
WHERE u IS NOT NULL AND trim(u) <> '';

-- A unit that arrives later as free text (a source file, an import, the users CLI) joins the list
-- the same way, so the list is never missing a unit that rows refer to. NOT EXISTS rather than
-- INSERT OR IGNORE: an upsert that fires the trigger imposes its own conflict policy on it.
${unitTriggers}`,
};
