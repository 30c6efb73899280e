import type { Migration } from './index.js';

/**
 * Grievance follow-up routing (issue 13, point 1): an owner and a due date per follow-up, the
 * finding an admin records when closing it (only then may the item be judged false/misleading or
 * join a claim), and the history of every status change, so nobody rewrites what was done.
 */
export const grievanceFollowup: Migration = {
  name: '012-grievance-followup',
  sql: `
ALTER TABLE grievances ADD COLUMN owner_id INTEGER REFERENCES users(id);
ALTER TABLE grievances ADD COLUMN due_date TEXT;
ALTER TABLE grievances ADD COLUMN finding TEXT;
ALTER TABLE grievances ADD COLUMN closed_by INTEGER REFERENCES users(id);
ALTER TABLE grievances ADD COLUMN closed_at TEXT;
CREATE INDEX grievances_due ON grievances(due_date) WHERE due_date IS NOT NULL AND status != 'resolved';

CREATE TABLE grievance_events (
  id         INTEGER PRIMARY KEY,
  item_id    INTEGER NOT NULL REFERENCES items(id) ON DELETE CASCADE,
  status     TEXT NOT NULL,
  unit       TEXT,
  owner_id   INTEGER REFERENCES users(id),
  due_date   TEXT,
  note       TEXT,
  finding    TEXT,
  user_id    INTEGER REFERENCES users(id),
  created_at TEXT NOT NULL
);
CREATE INDEX grievance_events_item ON grievance_events(item_id, id);
`,
};
