import type { SqlDb } from './sql-db.js';

export interface StoreStats {
  items: number;
  classified: number;
  unclassified: number;
  flagged: number;
  /** Later copies recorded as sightings of a stored item. */
  duplicates: number;
  byLabel: Record<string, number>;
  byStatus: Record<string, number>;
  bySource: Record<string, number>;
  firstCollectedAt: string | null;
  lastCollectedAt: string | null;
}

/** Aggregate counts (never per author) for `stats` and dashboards. */
export function statsRepo(db: SqlDb) {
  const counts = async (sql: string): Promise<Record<string, number>> =>
    Object.fromEntries((await db.all<{ k: string; n: number }>(sql)).map((r) => [r.k ?? '(none)', r.n]));
  return {
    async summary(): Promise<StoreStats> {
      const t = (await db.get<{ items: number; classified: number; flagged: number; first: string | null; last: string | null }>(
        `SELECT count(*) AS items, count(classified_at) AS classified, coalesce(sum(flagged), 0) AS flagged,
           min(collected_at) AS first, max(collected_at) AS last FROM items`,
      ))!;
      const dups = (await db.get<{ n: number }>('SELECT count(*) AS n FROM item_sightings'))!.n;
      return {
        items: t.items,
        classified: t.classified,
        unclassified: t.items - t.classified,
        flagged: t.flagged,
        duplicates: dups,
        byLabel: await counts('SELECT label AS k, count(*) AS n FROM item_labels GROUP BY label ORDER BY n DESC, k'),
        byStatus: await counts('SELECT status AS k, count(*) AS n FROM items GROUP BY status ORDER BY n DESC, k'),
        bySource: await counts('SELECT source_id AS k, count(*) AS n FROM items GROUP BY source_id ORDER BY n DESC, k'),
        firstCollectedAt: t.first,
        lastCollectedAt: t.last,
      };
    },
  };
}

export type StatsRepo = ReturnType<typeof statsRepo>;
