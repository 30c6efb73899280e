import type { SqlDb } from './sql-db.js';

export type GrievanceStatus = 'open' | 'forwarded' | 'resolved';
/** A grievance in the follow-up list: the item's excerpt and its follow-up (open until someone set one). */
export interface GrievanceSummary {
  itemId: number;
  title: string | null;
  text: string;
  itemUnit: string | null;
  collectedAt: string;
  status: GrievanceStatus;
  /** The unit it was forwarded to, else the item's. */
  unit: string | null;
  note: string | null;
  ownerId: number | null;
  ownerName: string | null;
  /** A YYYY-MM-DD day. */
  dueDate: string | null;
  finding: string | null;
  updatedAt: string | null;
  updatedByName: string | null;
}
export interface GrievanceFollowUp {
  status: GrievanceStatus;
  unit: string | null;
  note: string | null;
  ownerId: number | null;
  dueDate: string | null;
  finding: string | null;
  closedBy: number | null;
  closedAt: string | null;
}
export interface GrievanceEvent {
  id: number;
  status: GrievanceStatus;
  unit: string | null;
  ownerName: string | null;
  dueDate: string | null;
  note: string | null;
  finding: string | null;
  username: string | null;
  createdAt: string;
}

interface GrievanceSummaryRow {
  item_id: number;
  title: string | null;
  text: string;
  item_unit: string | null;
  collected_at: string;
  status: GrievanceStatus;
  unit: string | null;
  note: string | null;
  owner_id: number | null;
  owner_name: string | null;
  due_date: string | null;
  finding: string | null;
  updated_at: string | null;
  updated_by_name: string | null;
}
interface GrievanceFollowUpRow {
  status: GrievanceStatus;
  unit: string | null;
  note: string | null;
  owner_id: number | null;
  due_date: string | null;
  finding: string | null;
  closed_by: number | null;
  closed_at: string | null;
}
interface GrievanceEventRow {
  id: number;
  status: GrievanceStatus;
  unit: string | null;
  owner_name: string | null;
  due_date: string | null;
  note: string | null;
  finding: string | null;
  username: string | null;
  created_at: string;
}

const toSummary = (r: GrievanceSummaryRow): GrievanceSummary => ({
  itemId: r.item_id,
  title: r.title,
  text: r.text,
  itemUnit: r.item_unit,
  collectedAt: r.collected_at,
  status: r.status,
  unit: r.unit,
  note: r.note,
  ownerId: r.owner_id,
  ownerName: r.owner_name,
  dueDate: r.due_date,
  finding: r.finding,
  updatedAt: r.updated_at,
  updatedByName: r.updated_by_name,
});
const toFollowUp = (r: GrievanceFollowUpRow): GrievanceFollowUp => ({
  status: r.status,
  unit: r.unit,
  note: r.note,
  ownerId: r.owner_id,
  dueDate: r.due_date,
  finding: r.finding,
  closedBy: r.closed_by,
  closedAt: r.closed_at,
});
const toEvent = (r: GrievanceEventRow): GrievanceEvent => ({
  id: r.id,
  status: r.status,
  unit: r.unit,
  ownerName: r.owner_name,
  dueDate: r.due_date,
  note: r.note,
  finding: r.finding,
  username: r.username,
  createdAt: r.created_at,
});

/** What the grievance guard needs to know about an item. */
export interface GrievanceMark {
  itemId: number;
  /** Carries the grievance label. */
  labelled: boolean;
  verdict: string | null;
  status: GrievanceStatus | null;
  finding: string | null;
  /** Its follow-up was closed by an admin. */
  closedByAdmin: boolean;
}

interface GrievanceMarkRow {
  item_id: number;
  labelled: number | boolean;
  verdict: string | null;
  status: GrievanceStatus | null;
  finding: string | null;
  closed_by_admin: number | boolean;
}

/**
 * Follow-up of grievances. An item is in the list when it carries the grievance label or a
 * grievance verdict; a row in `grievances` exists once someone set a status (default: open).
 */
export function grievancesRepo(db: SqlDb) {
  return {
    /** Saves the follow-up and appends it to its history (run inside `db.write`). */
    async upsert(g: { itemId: number; status: GrievanceStatus; unit: string | null; note: string | null; ownerId?: number | null; dueDate?: string | null; finding?: string | null; closedBy?: number | null; closedAt?: string | null; userId: number | null; now: string }): Promise<void> {
      await db.run(
        `INSERT INTO grievances (item_id, status, unit, note, owner_id, due_date, finding, closed_by, closed_at, updated_by, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?11, ?9, ?10)
         ON CONFLICT (item_id) DO UPDATE SET status = excluded.status, unit = excluded.unit, note = excluded.note,
           owner_id = excluded.owner_id, due_date = excluded.due_date, finding = excluded.finding,
           closed_by = excluded.closed_by, closed_at = excluded.closed_at,
           updated_by = excluded.updated_by, updated_at = excluded.updated_at`,
        [g.itemId, g.status, g.unit, g.note, g.ownerId ?? null, g.dueDate ?? null, g.finding ?? null, g.closedBy ?? null, g.userId, g.now, g.closedAt ?? null],
      );
      await db.run(
        `INSERT INTO grievance_events (item_id, status, unit, owner_id, due_date, note, finding, user_id, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        [g.itemId, g.status, g.unit, g.ownerId ?? null, g.dueDate ?? null, g.note, g.finding ?? null, g.userId, g.now],
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
    async full(itemId: number): Promise<GrievanceFollowUp | undefined> {
      const r = await db.get<GrievanceFollowUpRow>(`SELECT status, unit, note, owner_id, due_date, finding, closed_by, closed_at FROM grievances WHERE item_id = ?`, [itemId]);
      return r && toFollowUp(r);
    },
    async history(itemId: number): Promise<GrievanceEvent[]> {
      const rows = await db.all<GrievanceEventRow>(
        `SELECT e.id, e.status, e.unit, o.username AS owner_name, e.due_date, e.note, e.finding, u.username, e.created_at
           FROM grievance_events e LEFT JOIN users o ON o.id = e.owner_id LEFT JOIN users u ON u.id = e.user_id
          WHERE e.item_id = ? ORDER BY e.id DESC`,
        [itemId],
      );
      return rows.map(toEvent);
    },
    /** Grievance label, verdict and follow-up state of each item (one row per item, absent ids = unknown). */
    async marks(itemIds: number[]): Promise<GrievanceMark[]> {
      if (itemIds.length === 0) return [];
      const rows = await db.all<GrievanceMarkRow>(
        `SELECT i.id AS item_id, i.verdict,
                CASE WHEN EXISTS (SELECT 1 FROM item_labels l WHERE l.item_id = i.id AND l.label = 'grievance') THEN 1 ELSE 0 END AS labelled,
                g.status, g.finding, CASE WHEN u.role = 'admin' THEN 1 ELSE 0 END AS closed_by_admin
           FROM items i LEFT JOIN grievances g ON g.item_id = i.id LEFT JOIN users u ON u.id = g.closed_by
          WHERE i.id IN (${itemIds.map(() => '?').join(',')})`,
        itemIds,
      );
      return rows.map((r) => ({ itemId: r.item_id, labelled: Boolean(r.labelled), verdict: r.verdict, status: r.status, finding: r.finding, closedByAdmin: Boolean(r.closed_by_admin) }));
    },
    /**
     * Newest first, keyset on item id; `unit` matches the item's unit or the unit it was forwarded to;
     * `overdueBefore` (a YYYY-MM-DD day) keeps unresolved follow-ups due before it.
     */
    async list(opts: { status?: GrievanceStatus; unit?: string | null; overdueBefore?: string; beforeId?: number; limit: number }): Promise<GrievanceSummary[]> {
      const unit = opts.unit ?? null;
      // Two bounded keyset walks (label index, follow-up table) merged: no full scan at 1M items.
      // The walks are aliased: PostgreSQL before 16 refuses a subquery in FROM without one.
      const filters = `(CAST(?2 AS TEXT) IS NULL OR coalesce(g.status, 'open') = ?2) AND (CAST(?3 AS TEXT) IS NULL OR i.unit = ?3 OR g.unit = ?3)
        AND (CAST(?5 AS TEXT) IS NULL OR (g.due_date < ?5 AND g.status != 'resolved'))`;
      const rows = await db.all<GrievanceSummaryRow>(
        `WITH ids AS (
           SELECT item_id FROM (SELECT l.item_id FROM item_labels l JOIN items i ON i.id = l.item_id
              LEFT JOIN grievances g ON g.item_id = l.item_id
             WHERE l.label = 'grievance' AND l.item_id < ?1 AND ${filters} ORDER BY l.item_id DESC LIMIT ?4) AS by_label
           UNION
           SELECT item_id FROM (SELECT g.item_id FROM grievances g JOIN items i ON i.id = g.item_id
             WHERE g.item_id < ?1 AND ${filters} ORDER BY g.item_id DESC LIMIT ?4) AS by_follow_up)
         SELECT i.id AS item_id, i.title, substr(i.text, 1, 300) AS text, i.unit AS item_unit, i.collected_at,
                coalesce(g.status, 'open') AS status, coalesce(g.unit, i.unit) AS unit, g.note,
                g.owner_id, o.username AS owner_name, g.due_date, g.finding, g.updated_at,
                u.username AS updated_by_name
           FROM ids JOIN items i ON i.id = ids.item_id
           LEFT JOIN grievances g ON g.item_id = i.id
           LEFT JOIN users u ON u.id = g.updated_by
           LEFT JOIN users o ON o.id = g.owner_id
          ORDER BY i.id DESC LIMIT ?4`,
        [opts.beforeId ?? Number.MAX_SAFE_INTEGER, opts.status ?? null, unit, opts.limit, opts.overdueBefore ?? null],
      );
      return rows.map(toSummary);
    },
  };
}
