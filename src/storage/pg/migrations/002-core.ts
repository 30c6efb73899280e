import type { Migration } from '../../migrations/index.js';

// The rest of the schema for PostgreSQL, mirroring SQLite migrations 001–016 (filled in issue 16).
export const core: Migration = {
  name: '002-core',
  sql: `SELECT 1;`,
};
