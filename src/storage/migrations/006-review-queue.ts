import type { Migration } from './index.js';

/**
 * Queue access paths, measured at 1M items (bench/ui.bench.ts). An index on (x, flagged) is
 * ordered by (x, flagged, id): "unit U, flagged, newest first" reads 50 entries and stops, with no
 * sort. These replace the single-column indexes of 003, which the planner passed over.
 */
export const reviewQueue: Migration = {
  name: '006-review-queue',
  sql: `
CREATE INDEX items_q_flagged ON items(flagged);
CREATE INDEX items_q_unit_flagged ON items(unit, flagged);
CREATE INDEX items_q_status_flagged ON items(status, flagged);
CREATE INDEX items_q_source_flagged ON items(source_id, flagged);
DROP INDEX items_q_unit;
DROP INDEX items_q_status;
DROP INDEX items_q_source;
DROP INDEX items_q_unit_status;
`,
};
