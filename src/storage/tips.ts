import type { SqlDb } from './sql-db.js';
import { jsonValues } from './sql-fragments.js';

export type TipChannel = 'web' | 'ui' | 'cli' | 'zalo' | 'telegram';

export interface NewTip {
  receipt: string;
  itemId: number;
  channel: TipChannel;
  worry: string | null;
  senderPseudonym: string | null;
  replyTo: string | null;
  createdBy: number | null;
  receivedAt: string;
}

/** A tip as a reviewer sees it: never the raw reply reference, only whether a reply is possible. */
export interface Tip {
  id: number;
  receipt: string;
  itemId: number;
  channel: TipChannel;
  worry: string | null;
  senderPseudonym: string | null;
  canReply: boolean;
  receivedAt: string;
  repliedAt: string | null;
}

interface TipRow {
  id: number;
  receipt: string;
  item_id: number;
  channel: TipChannel;
  worry: string | null;
  sender_pseudonym: string | null;
  can_reply: number | boolean;
  received_at: string;
  replied_at: string | null;
}

const toTip = (r: TipRow): Tip => ({
  id: r.id, receipt: r.receipt, itemId: r.item_id, channel: r.channel, worry: r.worry, senderPseudonym: r.sender_pseudonym,
  // 0/1 from the CASE on both engines; Boolean() would also take a boolean.
  canReply: Boolean(r.can_reply), receivedAt: r.received_at, repliedAt: r.replied_at,
});
const COLS = 'id, receipt, item_id, channel, worry, sender_pseudonym, CASE WHEN reply_to IS NOT NULL THEN 1 ELSE 0 END AS can_reply, received_at, replied_at';

/** Tips (migration 015). The content of a tip is an item; this holds who-may-be-answered and the receipt. */
export function tipsRepo(db: SqlDb) {
  return {
    async add(t: NewTip): Promise<number> {
      const r = await db.get<{ id: number }>(
        'INSERT INTO tips (receipt, item_id, channel, worry, sender_pseudonym, reply_to, created_by, received_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id',
        [t.receipt, t.itemId, t.channel, t.worry, t.senderPseudonym, t.replyTo, t.createdBy, t.receivedAt],
      );
      return r!.id;
    },
    async forItem(itemId: number): Promise<Tip[]> {
      return (await db.all<TipRow>(`SELECT ${COLS} FROM tips WHERE item_id = ? ORDER BY id`, [itemId])).map(toTip);
    },
    async get(id: number): Promise<Tip | undefined> {
      const r = await db.get<TipRow>(`SELECT ${COLS} FROM tips WHERE id = ?`, [id]);
      return r && toTip(r);
    },
    /** Which of these items came in as tips (the queue's "tip" badge). */
    async itemsWithTips(ids: number[]): Promise<Set<number>> {
      if (ids.length === 0) return new Set();
      const rows = await db.all<{ item_id: number }>(`SELECT DISTINCT item_id FROM tips WHERE item_id IN (${jsonValues(db, '?', 'int')})`, [JSON.stringify(ids)]);
      return new Set(rows.map((r) => r.item_id));
    },
    /** The channel's reply reference, read only to send the one reply a reviewer pressed the button for. */
    async replyRef(id: number): Promise<{ channel: TipChannel; replyTo: string } | undefined> {
      const r = await db.get<{ channel: TipChannel; reply_to: string | null }>('SELECT channel, reply_to FROM tips WHERE id = ?', [id]);
      return r?.reply_to ? { channel: r.channel, replyTo: r.reply_to } : undefined;
    },
    /** Marks the reply sent, once: false when another click got there first. */
    async markReplied(id: number, userId: number, now: string): Promise<boolean> {
      const r = await db.run('UPDATE tips SET replied_at = ?, replied_by = ? WHERE id = ? AND replied_at IS NULL', [now, userId, id]);
      return r.changes === 1;
    },
    /** The channel refused the message: the reply can be tried again. */
    async unmarkReplied(id: number): Promise<void> {
      await db.run('UPDATE tips SET replied_at = NULL, replied_by = NULL WHERE id = ?', [id]);
    },
    /** Retention of reply references: cleared for tips received before `before`. */
    async clearReplyRefs(before: string): Promise<number> {
      return (await db.run('UPDATE tips SET reply_to = NULL WHERE reply_to IS NOT NULL AND received_at < ?', [before])).changes;
    },
    /** Records a webhook event key; false when it was already handled (a replay). */
    async firstSighting(channel: string, key: string, now: string): Promise<boolean> {
      const r = await db.run('INSERT INTO hook_events (channel, event_key, seen_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING', [channel, key, now]);
      return r.changes === 1;
    },
    async pruneHookEvents(before: string): Promise<number> {
      return (await db.run('DELETE FROM hook_events WHERE seen_at < ?', [before])).changes;
    },
  };
}

export type TipsRepo = ReturnType<typeof tipsRepo>;
