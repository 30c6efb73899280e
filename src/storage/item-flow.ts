import type { SqlDb } from './sql-db.js';

export type FlowKind = 'hold' | 'escalate' | 'resolve';

/** One step of an item's escalation/hold history: who, what, for which unit, and why. */
export interface FlowEvent {
  id: number;
  kind: FlowKind;
  toUnit: string | null;
  reason: string;
  username: string | null;
  createdAt: string;
}

/** An item's place outside the normal flow: held and/or escalated, waiting for `flowUnit` (null: admins). */
export interface FlowState {
  onHold: boolean;
  escalated: boolean;
  flowUnit: string | null;
}

interface EventRow {
  id: number;
  kind: FlowKind;
  to_unit: string | null;
  reason: string;
  username: string | null;
  created_at: string;
}

/**
 * Escalation and hold of items (migration 013). The flags live on `items` (the queue filters on
 * them); the history with reasons lives in `item_flow_events`. Writes run inside `db.write`.
 */
export function itemFlowRepo(db: SqlDb) {
  return {
    async state(itemId: number): Promise<FlowState | undefined> {
      const r = await db.get<{ on_hold: number; escalated: number; flow_unit: string | null }>('SELECT on_hold, escalated, flow_unit FROM items WHERE id = ?', [itemId]);
      return r && { onHold: r.on_hold === 1, escalated: r.escalated === 1, flowUnit: r.flow_unit };
    },
    async set(itemId: number, s: FlowState): Promise<void> {
      await db.run('UPDATE items SET on_hold = ?, escalated = ?, flow_unit = ? WHERE id = ?', [Number(s.onHold), Number(s.escalated), s.flowUnit, itemId]);
    },
    async addEvent(e: { itemId: number; kind: FlowKind; toUnit: string | null; reason: string; userId: number | null; now: string }): Promise<void> {
      await db.run('INSERT INTO item_flow_events (item_id, kind, to_unit, reason, user_id, created_at) VALUES (?, ?, ?, ?, ?, ?)', [e.itemId, e.kind, e.toUnit, e.reason, e.userId, e.now]);
    },
    async events(itemId: number): Promise<FlowEvent[]> {
      const rows = await db.all<EventRow>(
        `SELECT e.id, e.kind, e.to_unit, e.reason, u.username, e.created_at FROM item_flow_events e LEFT JOIN users u ON u.id = e.user_id WHERE e.item_id = ? ORDER BY e.id DESC`,
        [itemId],
      );
      return rows.map((r) => ({ id: r.id, kind: r.kind, toUnit: r.to_unit, reason: r.reason, username: r.username, createdAt: r.created_at }));
    },
    /**
     * Escalated and held items a queue shows: all (`scope` undefined, admins and HQ) or those of
     * unit `scope` and those waiting for it (a reviewer of the unit above). Served by the partial indexes.
     */
    async counts(scope?: string): Promise<{ escalated: number; held: number }> {
      const where = scope === undefined ? '' : 'AND (unit = ?1 OR flow_unit = ?1)';
      const p = scope === undefined ? [] : [scope];
      // The partial index holds only these rows; left to itself the planner may walk a unit's items.
      // (INDEXED BY is SQLite's; PostgreSQL's planner picks the partial index itself.)
      const from = (index: string) => (db.dialect === 'postgres' ? 'items' : `items INDEXED BY ${index}`);
      const n = async (col: string, index: string) => (await db.get<{ n: number }>(`SELECT count(*) AS n FROM ${from(index)} WHERE ${col} = 1 ${where}`, p))!.n;
      return { escalated: await n('escalated', 'items_q_escalated'), held: await n('on_hold', 'items_q_held') };
    },
  };
}

export type ItemFlowRepo = ReturnType<typeof itemFlowRepo>;
