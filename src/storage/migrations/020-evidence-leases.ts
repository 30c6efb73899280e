import type { Migration } from './index.js';

/**
 * Evidence captures are leased like crawls (issue 16, §5): the worker that took a capture and until
 * when, renewed by its heartbeat while the page loads. A capture whose worker died is taken again
 * once its lease lapses (it was 15 minutes after it started). The same shape as PostgreSQL's 006.
 */
export const evidenceLeases: Migration = {
  name: '020-evidence-leases',
  sql: `
ALTER TABLE evidence ADD COLUMN lease_owner TEXT;
ALTER TABLE evidence ADD COLUMN lease_until TEXT;
`,
};
