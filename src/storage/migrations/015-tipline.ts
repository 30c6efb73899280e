import type { Migration } from './index.js';

/**
 * The tipline (issue 15, §2): one row per tip a member sent (web form, reviewer form, CLI, Zalo,
 * Telegram). The tip's content is an ordinary item (source `tip`), so retention and erasure of the
 * item take the tip row with it (ON DELETE CASCADE; shells drop it, see erasure.ts).
 *
 * - `receipt`: the number the member is given; random, so it reveals neither counts nor item ids.
 * - `sender_pseudonym`: keyed HMAC of the channel's sender id (like author handles); never the id.
 * - `reply_to`: the channel's chat/user id, kept only so that a reviewer can send the verdict back
 *   through the same channel; cleared by the daily purge after KC_TIP_REPLY_DAYS.
 * - `hook_events`: keys of webhook events already handled (replay refusal), pruned with them.
 * No index on the sender: tips are never listed per person.
 */
export const tipline: Migration = {
  name: '015-tipline',
  sql: `
CREATE TABLE tips (
  id               INTEGER PRIMARY KEY,
  receipt          TEXT NOT NULL UNIQUE,
  item_id          INTEGER NOT NULL REFERENCES items(id) ON DELETE CASCADE,
  channel          TEXT NOT NULL CHECK (channel IN ('web', 'ui', 'cli', 'zalo', 'telegram')),
  worry            TEXT,
  sender_pseudonym TEXT,
  reply_to         TEXT,
  created_by       INTEGER REFERENCES users(id),
  received_at      TEXT NOT NULL,
  replied_at       TEXT,
  replied_by       INTEGER REFERENCES users(id)
);
CREATE INDEX tips_item ON tips(item_id);
CREATE INDEX tips_reply ON tips(received_at) WHERE reply_to IS NOT NULL;

CREATE TABLE hook_events (
  channel   TEXT NOT NULL,
  event_key TEXT NOT NULL,
  seen_at   TEXT NOT NULL,
  PRIMARY KEY (channel, event_key)
) WITHOUT ROWID;
CREATE INDEX hook_events_seen ON hook_events(seen_at);
`,
};
