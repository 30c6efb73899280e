import type { SqlValue } from './db.js';
import { parseJson } from './json-column.js';
import { ftsIds, ftsParam } from './fts.js';
import type { SqlDb } from './sql-db.js';
import { greatest, jsonList, jsonRows } from './sql-fragments.js';
import { watchConditions, type Watchlist } from './watchlists.js';

export type AlertKind = 'spike_hour' | 'spike_day' | 'claim_reappears';
export type AlertSubject = 'watchlist' | 'known_claim' | 'claim';

export interface NewAlert {
  kind: AlertKind;
  subjectType: AlertSubject;
  subjectId: string;
  subjectName: string;
  unit: string | null;
  windowStart: string;
  windowEnd: string;
  count: number;
  baseline: number | null;
  pValue: number | null;
  itemIds: number[];
  createdAt: string;
}
export interface Alert extends NewAlert {
  id: number;
  mailedAt: string | null;
  telegramAt: string | null;
  deliveryAttempts: number;
  deliveryError: string | null;
}
/** Posts per hour index (hours since the series start). */
export type HourlyCounts = Map<number, number>;

interface AlertRow {
  id: number; kind: AlertKind; subject_type: AlertSubject; subject_id: string; subject_name: string; unit: string | null;
  window_start: string; window_end: string; count: number; baseline: number | null; p_value: number | null; item_ids: string;
  created_at: string; mailed_at: string | null; telegram_at: string | null; delivery_attempts: number; delivery_error: string | null;
}
const toAlert = (r: AlertRow): Alert => ({
  id: r.id, kind: r.kind, subjectType: r.subject_type, subjectId: r.subject_id, subjectName: r.subject_name, unit: r.unit,
  windowStart: r.window_start, windowEnd: r.window_end, count: r.count, baseline: r.baseline, pValue: r.p_value,
  itemIds: parseJson<number[]>(r.item_ids, []), createdAt: r.created_at, mailedAt: r.mailed_at, telegramAt: r.telegram_at,
  deliveryAttempts: r.delivery_attempts, deliveryError: r.delivery_error,
});

/**
 * Posts in [from, to): each new item at its collection time and each later copy (exact, same URL
 * or near duplicate) at the time it was seen, so a text pasted in fifty groups counts fifty times.
 */
const EVENTS = `ev(item_id, t) AS (
  SELECT id, collected_at FROM items WHERE collected_at >= ? AND collected_at < ?
  UNION ALL SELECT item_id, seen_at FROM item_sightings WHERE seen_at >= ? AND seen_at < ?)`;
/** Hours from the series start (epoch seconds, bound) to an event; times are ISO text on both engines. */
const hourOf = (db: SqlDb) =>
  db.dialect === 'postgres'
    ? `(CAST(floor(extract(epoch FROM CAST(ev.t AS timestamptz))) AS BIGINT) - ?) / 3600`
    : `(CAST(strftime('%s', ev.t) AS INTEGER) - ?) / 3600`;
const range = (from: string, to: string): SqlValue[] => [from, to, from, to];
const epoch = (iso: string) => Math.floor(Date.parse(iso) / 1000);
const toMap = (rows: { b: number; n: number }[]): HourlyCounts => new Map(rows.map((r) => [r.b, r.n]));
// Judged false or misleading: a new copy of such a claim is news for the team.
const DECIDED = `c.verdict IN ('false', 'misleading')`;

/** Alert counts and the alerts themselves. Subjects are watchlists and claims; nothing here is keyed by author. */
export function alertsRepo(db: SqlDb) {
  const HOUR_OF = hourOf(db);
  // The claim reasons the classifier stored with an item, one row each (`r.value->>'claimId'`).
  const reasons = (column: string) => jsonRows(db, 'r', column);
  return {
    /** When the oldest stored post was collected (the spike test needs some history before a window). */
    async historyStart(): Promise<string | null> {
      return (await db.get<{ t: string | null }>('SELECT min(collected_at) AS t FROM items'))?.t ?? null;
    },

    async watchlistHourly(w: Watchlist, from: string, to: string): Promise<HourlyCounts> {
      const c = watchConditions(db, w);
      const rows = await db.all<{ b: number; n: number }>(
        `WITH ${EVENTS} SELECT ${HOUR_OF} AS b, count(*) AS n FROM ev JOIN items i ON i.id = ev.item_id
          WHERE i.id IN (${ftsIds(db)}) ${c.where.map((x) => `AND ${x}`).join(' ')} GROUP BY b`,
        [...range(from, to), epoch(from), ftsParam(db, w.match), ...c.params],
      );
      return toMap(rows);
    },
    async watchlistItems(w: Watchlist, from: string, to: string, limit: number): Promise<number[]> {
      const c = watchConditions(db, w);
      const rows = await db.all<{ id: number }>(
        `WITH ${EVENTS} SELECT DISTINCT ev.item_id AS id FROM ev JOIN items i ON i.id = ev.item_id
          WHERE i.id IN (${ftsIds(db)}) ${c.where.map((x) => `AND ${x}`).join(' ')} ORDER BY id LIMIT ?`,
        [...range(from, to), ftsParam(db, w.match), ...c.params, limit],
      );
      return rows.map((r) => r.id);
    },

    /** Posts per hour for each known claim (rules/claims) the classifier matched, from the stored reasons. */
    async knownClaimHourly(from: string, to: string): Promise<Map<string, { statement: string; hourly: HourlyCounts }>> {
      const rows = await db.all<{ k: string; s: string; b: number; n: number }>(
        `WITH ${EVENTS}, hits(item_id, k, s) AS (
           SELECT DISTINCT ev.item_id, r.value->>'claimId', r.value->>'statement' FROM (SELECT DISTINCT item_id FROM ev) ev
             JOIN classifications c ON c.item_id = ev.item_id, ${reasons('c.reasons')} WHERE r.value->>'kind' = 'claim')
         SELECT h.k, max(h.s) AS s, ${HOUR_OF} AS b, count(*) AS n FROM ev JOIN hits h ON h.item_id = ev.item_id GROUP BY h.k, b`,
        [...range(from, to), epoch(from)],
      );
      const out = new Map<string, { statement: string; hourly: HourlyCounts }>();
      for (const r of rows) {
        const e = out.get(r.k) ?? { statement: r.s, hourly: new Map() };
        e.hourly.set(r.b, r.n);
        out.set(r.k, e);
      }
      return out;
    },
    async knownClaimItems(claimId: string, from: string, to: string, limit: number): Promise<number[]> {
      const rows = await db.all<{ id: number }>(
        `WITH ${EVENTS} SELECT DISTINCT ev.item_id AS id FROM ev JOIN classifications c ON c.item_id = ev.item_id
          WHERE EXISTS (SELECT 1 FROM ${reasons('c.reasons')} WHERE r.value->>'kind' = 'claim' AND r.value->>'claimId' = ?) ORDER BY id LIMIT ?`,
        [...range(from, to), claimId, limit],
      );
      return rows.map((r) => r.id);
    },

    /**
     * New copies of claims judged false or misleading, after the verdict: copies (sightings) of the
     * claim's member items, and new items the classifier matched to the claim's known claim.
     */
    async reappearances(from: string, to: string): Promise<{ claimId: number; statement: string; unit: string | null; itemId: number; t: string }[]> {
      return db.all(
        `WITH ${EVENTS}
         SELECT c.id AS "claimId", c.statement, c.unit, ev.item_id AS "itemId", ev.t FROM ev
           JOIN claim_items ci ON ci.item_id = ev.item_id AND ci.state != 'rejected'
           JOIN claims c ON c.id = ci.claim_id
          WHERE ${DECIDED} AND ev.t > c.decided_at
         UNION
         SELECT c.id, c.statement, c.unit, ev.item_id, ev.t FROM ev
           JOIN classifications cl ON cl.item_id = ev.item_id
           JOIN claims c ON ${DECIDED} AND c.known_claim_id IS NOT NULL AND ev.t > c.decided_at
          WHERE EXISTS (SELECT 1 FROM ${reasons('cl.reasons')} WHERE r.value->>'kind' = 'claim' AND r.value->>'claimId' = c.known_claim_id)
            AND NOT EXISTS (SELECT 1 FROM claim_items x WHERE x.claim_id = c.id AND x.item_id = ev.item_id)
         ORDER BY 1, 5`,
        range(from, to),
      );
    },

    /** Starts of the windows of one kind that already had an alert for a subject, in [from, to). */
    async firedWindows(subjectType: AlertSubject, subjectId: string, kind: AlertKind, from: string, to: string): Promise<string[]> {
      const rows = await db.all<{ w: string }>(
        'SELECT window_start AS w FROM alerts WHERE subject_type = ? AND subject_id = ? AND kind = ? AND window_start >= ? AND window_start < ?',
        [subjectType, subjectId, kind, from, to],
      );
      return rows.map((r) => r.w);
    },
    /** The items an alert lists (no author column: an alert is about posts, not people). */
    async items(ids: number[]): Promise<{ id: number; title: string | null; snippet: string; unit: string | null; collectedAt: string; status: string }[]> {
      if (ids.length === 0) return [];
      return db.all(
        `SELECT id, title, substr(text, 1, 240) AS snippet, unit, collected_at AS "collectedAt", status FROM items WHERE id IN ${jsonList(db, '?', 'int')} ORDER BY id`,
        [JSON.stringify(ids)],
      );
    },
    /** Stores an alert unless one exists for the same subject, kind and window; its id, or null. */
    async insert(a: NewAlert): Promise<number | null> {
      const r = await db.get<{ id: number }>(
        `INSERT INTO alerts (kind, subject_type, subject_id, subject_name, unit, window_start, window_end, count, baseline, p_value, item_ids, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING RETURNING id`,
        [a.kind, a.subjectType, a.subjectId, a.subjectName, a.unit, a.windowStart, a.windowEnd, a.count, a.baseline, a.pValue, JSON.stringify(a.itemIds), a.createdAt],
      );
      return r?.id ?? null;
    },
    async get(id: number): Promise<Alert | undefined> {
      const r = await db.get<AlertRow>('SELECT * FROM alerts WHERE id = ?', [id]);
      return r && toAlert(r);
    },
    /** Newest first; `unit` set = only that unit's alerts and those of no unit (a reviewer's view). */
    async list(opts: { unit?: string; beforeId?: number; limit: number }): Promise<Alert[]> {
      const rows = await db.all<AlertRow>(
        `SELECT * FROM alerts WHERE id < ? AND (CAST(? AS TEXT) IS NULL OR unit IS NULL OR unit = ?) ORDER BY id DESC LIMIT ?`,
        [opts.beforeId ?? Number.MAX_SAFE_INTEGER, opts.unit ?? null, opts.unit ?? null, opts.limit],
      );
      return rows.map(toAlert);
    },
    async unseenCount(userId: number, unit?: string): Promise<number> {
      const r = await db.get<{ n: number }>(
        `SELECT count(*) AS n FROM alerts WHERE id > coalesce((SELECT seen_alert_id FROM alert_reads WHERE user_id = ?), 0)
           AND (CAST(? AS TEXT) IS NULL OR unit IS NULL OR unit = ?)`,
        [userId, unit ?? null, unit ?? null],
      );
      return r?.n ?? 0;
    },
    async seenUpTo(userId: number): Promise<number> {
      return (await db.get<{ s: number }>('SELECT seen_alert_id AS s FROM alert_reads WHERE user_id = ?', [userId]))?.s ?? 0;
    },
    async markSeen(userId: number, alertId: number): Promise<void> {
      await db.run(
        `INSERT INTO alert_reads (user_id, seen_alert_id) VALUES (?, ?)
         ON CONFLICT (user_id) DO UPDATE SET seen_alert_id = ${greatest(db, 'alert_reads.seen_alert_id', 'excluded.seen_alert_id')}`,
        [userId, alertId],
      );
    },
    /** Alerts a configured channel has not delivered yet, oldest first, skipping those that failed too often. */
    async undelivered(channels: { mail: boolean; telegram: boolean }, maxAttempts: number, limit = 50): Promise<Alert[]> {
      const rows = await db.all<AlertRow>(
        `SELECT * FROM alerts WHERE ((? AND mailed_at IS NULL) OR (? AND telegram_at IS NULL)) AND delivery_attempts < ? ORDER BY id LIMIT ?`,
        [Number(channels.mail), Number(channels.telegram), maxAttempts, limit],
      );
      return rows.map(toAlert);
    },
    async delivered(id: number, channel: 'mail' | 'telegram', at: string): Promise<void> {
      await db.run(`UPDATE alerts SET ${channel === 'mail' ? 'mailed_at' : 'telegram_at'} = ? WHERE id = ?`, [at, id]);
    },
    async deliveryFailed(id: number, error: string): Promise<void> {
      await db.run('UPDATE alerts SET delivery_attempts = delivery_attempts + 1, delivery_error = ? WHERE id = ?', [error.slice(0, 500), id]);
    },
  };
}
