import type { Migration } from './index.js';

/**
 * Escalation and hold (issue 13, point 3). An escalated or held item waits for the unit above its
 * own (`flow_unit`, the parent federation at the time, null when the unit has none: then admins
 * only). Every step — hold, escalation, the resolution that returns the item to normal flow — is
 * kept with who took it and why, so the unit above knows what it is asked and nobody rewrites it.
 * The partial indexes serve the "Chờ cấp trên" / "Đang giữ" queue filters, which hold few rows.
 */
export const itemFlow: Migration = {
  name: '013-item-flow',
  sql: `
ALTER TABLE items ADD COLUMN flow_unit TEXT;
CREATE INDEX items_q_escalated ON items(flow_unit, id) WHERE escalated = 1;
CREATE INDEX items_q_held ON items(flow_unit, id) WHERE on_hold = 1;

CREATE TABLE item_flow_events (
  id         INTEGER PRIMARY KEY,
  item_id    INTEGER NOT NULL REFERENCES items(id) ON DELETE CASCADE,
  kind       TEXT NOT NULL CHECK (kind IN ('hold', 'escalate', 'resolve')),
  to_unit    TEXT,
  reason     TEXT NOT NULL,
  user_id    INTEGER REFERENCES users(id),
  created_at TEXT NOT NULL
);
CREATE INDEX item_flow_events_item ON item_flow_events(item_id, id);
`,
};
