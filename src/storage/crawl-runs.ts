import type { SqlDb } from './sql-db.js';

export type CrawlRunStatus = 'running' | 'ok' | 'not_modified' | 'failed';

export interface CrawlRun {
  id: number;
  sourceId: string;
  startedAt: string;
  endedAt: string | null;
  status: CrawlRunStatus;
  pages: number;
  found: number;
  newCount: number;
  duplicates: number;
  error: string | null;
}

export interface CrawlRunEnd {
  status: Exclude<CrawlRunStatus, 'running'>;
  endedAt: string;
  pages?: number;
  found?: number;
  newCount?: number;
  duplicates?: number;
  error?: string | null;
}

interface Raw {
  id: number;
  source_id: string;
  started_at: string;
  ended_at: string | null;
  status: CrawlRunStatus;
  pages: number;
  found: number;
  new_count: number;
  duplicates: number;
  error: string | null;
}

const toRun = (r: Raw): CrawlRun => ({
  id: r.id,
  sourceId: r.source_id,
  startedAt: r.started_at,
  endedAt: r.ended_at,
  status: r.status,
  pages: r.pages,
  found: r.found,
  newCount: r.new_count,
  duplicates: r.duplicates,
  error: r.error,
});

/** The run log: one row per refresh of a source. */
export function crawlRunsRepo(db: SqlDb) {
  return {
    async start(sourceId: string, startedAt: string): Promise<number> {
      return db.write(async () => (await db.get<{ id: number }>('INSERT INTO crawl_runs (source_id, started_at) VALUES (?, ?) RETURNING id', [sourceId, startedAt]))!.id);
    },

    async finish(id: number, end: CrawlRunEnd): Promise<void> {
      await db.write(() =>
        db.run(
          `UPDATE crawl_runs SET status = ?, ended_at = ?, pages = ?, found = ?, new_count = ?, duplicates = ?, error = ? WHERE id = ?`,
          [end.status, end.endedAt, end.pages ?? 0, end.found ?? 0, end.newCount ?? 0, end.duplicates ?? 0, end.error ?? null, id],
        ),
      );
    },

    /** Runs of a source still marked running when a new run takes its lock: their process died. */
    async abandon(sourceId: string, endedAt: string): Promise<number> {
      return db.write(async () =>
        (await db.run(
          `UPDATE crawl_runs SET status = 'failed', ended_at = ?, error = 'abandoned: the process running it stopped without finishing (lease expired)' WHERE source_id = ? AND status = 'running'`,
          [endedAt, sourceId],
        )).changes,
      );
    },

    async get(id: number): Promise<CrawlRun | undefined> {
      const r = await db.get<Raw>('SELECT * FROM crawl_runs WHERE id = ?', [id]);
      return r && toRun(r);
    },

    /** Most recent runs first; of one source when `sourceId` is given. */
    async recent(opts: { sourceId?: string; limit?: number } = {}): Promise<CrawlRun[]> {
      const rows = opts.sourceId
        ? await db.all<Raw>('SELECT * FROM crawl_runs WHERE source_id = ? ORDER BY id DESC LIMIT ?', [opts.sourceId, opts.limit ?? 20])
        : await db.all<Raw>('SELECT * FROM crawl_runs ORDER BY id DESC LIMIT ?', [opts.limit ?? 20]);
      return rows.map(toRun);
    },

    /** The latest run of every source that has one. */
    async latestBySource(): Promise<Map<string, CrawlRun>> {
      const rows = await db.all<Raw>(
        'SELECT * FROM crawl_runs WHERE id IN (SELECT max(id) FROM crawl_runs GROUP BY source_id)',
      );
      return new Map(rows.map((r) => [r.source_id, toRun(r)]));
    },
  };
}

export type CrawlRunsRepo = ReturnType<typeof crawlRunsRepo>;
