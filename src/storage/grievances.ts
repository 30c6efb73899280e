import type { Db } from './db.js';

export type GrievanceStatus = 'open' | 'forwarded' | 'resolved';
export interface GrievanceRow {
  item_id: number;
  title: string | null;
  text: string;
  item_unit: string | null;
  collected_at: string;
  status: GrievanceStatus;
  unit: string | null;
  note: string | null;
  updated_at: string | null;
  updated_by_name: string | null;
}

/**
 * Follow-up of grievances. An item is in the list when it carries the grievance label or a
 * grievance verdict; a row in `grievances` exists once someone set a status (default: open).
 */
export function grievancesRepo(db: Db) {
  return {
    async upsert(g: { itemId: number; status: GrievanceStatus; unit: string | null; note: string | null; userId: number | null; now: string }): Promise<void> {
      await db.run(
        `INSERT INTO grievances (item_id, status, unit, note, updated_by, updated_at) VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT (item_id) DO UPDATE SET status = excluded.status, unit = excluded.unit, note = excluded.note,
           updated_by = excluded.updated_by, updated_at = excluded.updated_at`,
        [g.itemId, g.status, g.unit, g.note, g.userId, g.now],
      );
    },
    /** Opens a follow-up row if none exists yet (a grievance verdict). */
    async open(itemId: number, unit: string | null, now: string): Promise<void> {
      await db.run(
        `INSERT INTO grievances (item_id, status, unit, updated_at) VALUES (?, 'open', ?, ?) ON CONFLICT (item_id) DO NOTHING`,
        [itemId, unit, now],
      );
    },
    get(itemId: number): Promise<{ status: GrievanceStatus; unit: string | null; note: string | null } | undefined> {
      return db.get(`SELECT status, unit, note FROM grievances WHERE item_id = ?`, [itemId]);
    },
    /** Newest first, keyset on item id; `unit` matches the item's unit or the unit it was forwarded to. */
    list(opts: { status?: GrievanceStatus; unit?: string | null; beforeId?: number; limit: number }): Promise<GrievanceRow[]> {
      const unit = opts.unit ?? null;
      // Two bounded keyset walks (label index, follow-up table) merged: no full scan at 1M items.
      const filters = `(?2 IS NULL OR coalesce(g.status, 'open') = ?2) AND (?3 IS NULL OR i.unit = ?3 OR g.unit = ?3)`;
      return db.all<GrievanceRow>(
        `WITH ids AS (
           SELECT item_id FROM (SELECT l.item_id FROM item_labels l JOIN items i ON i.id = l.item_id
              LEFT JOIN grievances g ON g.item_id = l.item_id
             WHERE l.label = 'grievance' AND l.item_id < ?1 AND ${filters} ORDER BY l.item_id DESC LIMIT ?4)
           UNION
           SELECT item_id FROM (SELECT g.item_id FROM grievances g JOIN items i ON i.id = g.item_id
             WHERE g.item_id < ?1 AND ${filters} ORDER BY g.item_id DESC LIMIT ?4))
         SELECT i.id AS item_id, i.title, substr(i.text, 1, 300) AS text, i.unit AS item_unit, i.collected_at,
                coalesce(g.status, 'open') AS status, coalesce(g.unit, i.unit) AS unit, g.note, g.updated_at,
                u.username AS updated_by_name
           FROM ids JOIN items i ON i.id = ids.item_id
           LEFT JOIN grievances g ON g.item_id = i.id
           LEFT JOIN users u ON u.id = g.updated_by
          ORDER BY i.id DESC LIMIT ?4`,
        [opts.beforeId ?? Number.MAX_SAFE_INTEGER, opts.status ?? null, unit, opts.limit],
      );
    },
  };
}
