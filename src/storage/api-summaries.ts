import type { SqlValue } from './db.js';
import type { SqlDb } from './sql-db.js';
import { unitClause } from './api-reads.js';
import { flag } from './sql-fragments.js';

/**
 * Summaries for the JSON API (issue 15, §4): grievance follow-up counts and digests, with the same
 * unit scope as api-reads.ts (`units` null = every unit; a scoped caller never sees another
 * unit's rows, nor the all-units digest).
 */
export interface GrievanceCount {
  unit: string | null;
  status: string;
  count: number;
  overdue: number;
}

export interface ApiDigest {
  id: number;
  week: string;
  /** null = the all-units digest. */
  unit: string | null;
  lang: string;
  createdAt: string;
  deliveredAt: string | null;
}

export function apiSummariesRepo(db: SqlDb) {
  return {
    /**
     * Follow-ups counted per unit (the unit handling it: where it was forwarded, else the item's)
     * and status. A grievance is in follow-up when labelled so or when it has a follow-up row (as
     * the grievance list has it); overdue = unresolved and due before `today` (YYYY-MM-DD).
     * Two parts, so no item row is read for the many labelled grievances nobody has touched yet
     * (at 1M items, 120k of them: 4 s through the item rows, ~0.3 s this way): those are counted
     * as open in the item's unit from the (unit, flagged) index, which holds unit and id (a
     * labelled item is always flagged); follow-up rows, far fewer, are read with their items.
     */
    async grievanceCounts(units: string[] | null, today: string): Promise<GrievanceCount[]> {
      const untouchedParams: SqlValue[] = [];
      const untouchedScope = unitClause('i.unit', units, untouchedParams);
      const untouched = await db.all<GrievanceCount>(
        `SELECT i.unit AS unit, 'open' AS status, count(*) AS count, 0 AS overdue
           FROM items i ${db.dialect === 'postgres' ? '' : 'INDEXED BY items_q_unit_flagged'}
          WHERE i.flagged = 1 ${untouchedScope ? `AND ${untouchedScope}` : ''}
            AND i.id IN (SELECT item_id FROM item_labels WHERE label = 'grievance')
            AND i.id NOT IN (SELECT item_id FROM grievances)
          GROUP BY i.unit`,
        untouchedParams,
      );
      const params: SqlValue[] = [today];
      const scope = unitClause('coalesce(g.unit, i.unit)', units, params);
      const followed = await db.all<GrievanceCount>(
        `SELECT coalesce(g.unit, i.unit) AS unit, g.status AS status, count(*) AS count,
                coalesce(sum(${flag("g.due_date IS NOT NULL AND g.due_date < ? AND g.status != 'resolved'")}), 0) AS overdue
           FROM grievances g JOIN items i ON i.id = g.item_id
          ${scope ? `WHERE ${scope}` : ''}
          GROUP BY 1, 2`,
        params,
      );
      const merged = new Map<string, GrievanceCount>();
      for (const r of [...untouched, ...followed]) {
        const key = JSON.stringify([r.unit, r.status]);
        const m = merged.get(key);
        if (m) (m.count += r.count), (m.overdue += r.overdue);
        else merged.set(key, { ...r });
      }
      const order = (u: string | null) => u ?? '';
      return [...merged.values()].sort((a, b) => order(a.unit).localeCompare(order(b.unit)) || a.status.localeCompare(b.status));
    },

    /** Digests newest week first; a scoped caller gets its units' digests, never the all-units one. */
    async digests(units: string[] | null, limit: number, after?: { week: string; id: number }): Promise<ApiDigest[]> {
      const params: SqlValue[] = [];
      const where: string[] = [];
      const scope = unitClause('unit', units, params);
      if (scope) where.push(scope);
      if (after) (where.push('(week < ? OR (week = ? AND id < ?))'), params.push(after.week, after.week, after.id));
      params.push(limit);
      const rows = await db.all<{ id: number; week: string; unit: string; lang: string; created_at: string; delivered_at: string | null }>(
        `SELECT id, week, unit, lang, created_at, delivered_at FROM digests ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
          ORDER BY week DESC, id DESC LIMIT ?`,
        params,
      );
      return rows.map((r) => ({ id: r.id, week: r.week, unit: r.unit === '' ? null : r.unit, lang: r.lang, createdAt: r.created_at, deliveredAt: r.delivered_at }));
    },

    /** One digest's stored figures (counts and terms as built; reduced to counts after retention). */
    async digest(id: number): Promise<(ApiDigest & { data: unknown }) | undefined> {
      const r = await db.get<{ id: number; week: string; unit: string; lang: string; created_at: string; delivered_at: string | null; data: string }>(
        `SELECT id, week, unit, lang, created_at, delivered_at, data FROM digests WHERE id = ?`,
        [id],
      );
      return r && { id: r.id, week: r.week, unit: r.unit === '' ? null : r.unit, lang: r.lang, createdAt: r.created_at, deliveredAt: r.delivered_at, data: JSON.parse(r.data) as unknown };
    },
  };
}

export type ApiSummariesRepo = ReturnType<typeof apiSummariesRepo>;
