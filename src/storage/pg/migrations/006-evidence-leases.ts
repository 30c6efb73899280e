import type { Migration } from '../../migrations/index.js';

// Evidence captures leased like crawls; the same shape as SQLite's 020-evidence-leases.
export const evidenceLeases: Migration = {
  name: '006-evidence-leases',
  sql: `
ALTER TABLE evidence ADD COLUMN lease_owner TEXT;
ALTER TABLE evidence ADD COLUMN lease_until TEXT;
`,
};
