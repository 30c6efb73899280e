import type { Migration } from './index.js';

/**
 * Tokens of the read-only JSON API (issue 15, §4). Only a SHA-256 of the token is kept (the token
 * is 256 random bits, so a plain hash is enough and lookups stay an index probe); `prefix` is its
 * first characters, shown so an admin can tell tokens apart. `unit` NULL = every unit, else that
 * unit and the units under it. A revoked or expired row stays for the audit trail.
 */
export const apiTokens: Migration = {
  name: '016-api-tokens',
  sql: `
CREATE TABLE api_tokens (
  id           INTEGER PRIMARY KEY,
  name         TEXT NOT NULL,
  token_hash   TEXT NOT NULL UNIQUE,
  prefix       TEXT NOT NULL,
  unit         TEXT,
  created_by   INTEGER REFERENCES users(id),
  created_at   TEXT NOT NULL,
  expires_at   TEXT,
  revoked_at   TEXT,
  revoked_by   INTEGER REFERENCES users(id),
  last_used_at TEXT
);
`,
};
