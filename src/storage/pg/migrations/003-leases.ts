import type { Migration } from '../../migrations/index.js';

// Job leases, host slots and schedule slots shared by workers (issue 16, §5).
export const leases: Migration = {
  name: '003-leases',
  sql: `SELECT 1;`,
};
