import type { SqlDb } from './sql-db.js';
import { jsonList } from './sql-fragments.js';

export type SourceHealth = 'ok' | 'degraded' | 'failing';

export interface CrawlState {
  sourceId: string;
  nextDueAt: string;
  consecutiveFailures: number;
  health: SourceHealth;
  paused: boolean;
  runningSince: string | null;
  lastRunAt: string | null;
  lastSuccessAt: string | null;
  lastError: string | null;
  /** Where an unfinished run of a paginated source stopped; null once a run ends. */
  resume: CrawlResume | null;
}

/** The next page to read and the pages read before it, as of `at` (when those pages were stored). */
export interface CrawlResume {
  next: string;
  pages: number;
  at: string;
}

interface Raw {
  source_id: string;
  next_due_at: string;
  consecutive_failures: number;
  health: SourceHealth;
  paused: number;
  running_since: string | null;
  last_run_at: string | null;
  last_success_at: string | null;
  last_error: string | null;
  resume_url: string | null;
  resume_pages: number;
  resume_at: string | null;
}

const toState = (r: Raw): CrawlState => ({
  sourceId: r.source_id,
  nextDueAt: r.next_due_at,
  consecutiveFailures: r.consecutive_failures,
  health: r.health,
  paused: r.paused === 1,
  runningSince: r.running_since,
  lastRunAt: r.last_run_at,
  lastSuccessAt: r.last_success_at,
  lastError: r.last_error,
  resume: r.resume_url && r.resume_at ? { next: r.resume_url, pages: r.resume_pages, at: r.resume_at } : null,
});

export interface RunOutcome {
  ok: boolean;
  at: string;
  nextDueAt: string;
  error?: string | null;
  /** Consecutive failures from which a source counts as failing (degraded before that). */
  failingAfter: number;
}

/**
 * Scheduling state per source. The database decides what is due (next_due_at, which includes
 * backoff after failures) and holds the lock that keeps two runs of one source from overlapping,
 * even across processes (a `serve` and a `crawl --once`).
 */
export function crawlStateRepo(db: SqlDb) {
  return {
    /** Sources never seen before become due at `now`. */
    async ensure(sourceIds: string[], now: string): Promise<void> {
      if (sourceIds.length === 0) return;
      await db.write(() =>
        db.run(`INSERT INTO crawl_state (source_id, next_due_at) SELECT s.value, CAST(? AS TEXT) FROM ${jsonList(db)} AS s WHERE true ON CONFLICT DO NOTHING`, [
          now,
          JSON.stringify(sourceIds),
        ]),
      );
    },

    async get(sourceId: string): Promise<CrawlState | undefined> {
      const r = await db.get<Raw>('SELECT * FROM crawl_state WHERE source_id = ?', [sourceId]);
      return r && toState(r);
    },

    async list(): Promise<CrawlState[]> {
      return (await db.all<Raw>('SELECT * FROM crawl_state ORDER BY source_id')).map(toState);
    },

    /** Takes the run lock; false when another run of this source holds it. */
    async claim(sourceId: string, now: string, staleBefore: string): Promise<boolean> {
      return db.write(async () => {
        await db.run('INSERT INTO crawl_state (source_id, next_due_at) VALUES (?, ?) ON CONFLICT DO NOTHING', [sourceId, now]);
        const r = await db.run(
          'UPDATE crawl_state SET running_since = ? WHERE source_id = ? AND (running_since IS NULL OR running_since < ?)',
          [now, sourceId, staleBefore],
        );
        return r.changes === 1;
      });
    },

    /** Heartbeat of the lease: a run still alive pushes its lock's time forward (only while it holds it). */
    async renew(sourceId: string, now: string, since: string): Promise<boolean> {
      return db.write(async () => (await db.run('UPDATE crawl_state SET running_since = ? WHERE source_id = ? AND running_since = ?', [now, sourceId, since])).changes === 1);
    },

    /** Records the outcome of a run, releases the lock and sets the next due time; returns the new state. */
    async finish(sourceId: string, o: RunOutcome): Promise<CrawlState> {
      return db.write(async () => {
        const cur = await db.get<Raw>('SELECT * FROM crawl_state WHERE source_id = ?', [sourceId]);
        const failures = o.ok ? 0 : (cur?.consecutive_failures ?? 0) + 1;
        const health: SourceHealth = failures === 0 ? 'ok' : failures >= o.failingAfter ? 'failing' : 'degraded';
        await db.run(
          `INSERT INTO crawl_state (source_id, next_due_at, consecutive_failures, health, running_since, last_run_at, last_success_at, last_error)
           VALUES (?, ?, ?, ?, NULL, ?, ?, ?)
           ON CONFLICT (source_id) DO UPDATE SET next_due_at = excluded.next_due_at, consecutive_failures = excluded.consecutive_failures,
             health = excluded.health, running_since = NULL, last_run_at = excluded.last_run_at,
             resume_url = NULL, resume_pages = 0, resume_at = NULL,
             last_success_at = coalesce(excluded.last_success_at, crawl_state.last_success_at), last_error = excluded.last_error`,
          [sourceId, o.nextDueAt, failures, health, o.at, o.ok ? o.at : null, o.ok ? null : (o.error ?? 'failed')],
        );
        return toState((await db.get<Raw>('SELECT * FROM crawl_state WHERE source_id = ?', [sourceId]))!);
      });
    },

    /**
     * Inside a write, with the items of the pages it counts: where the run stands (null: at the end
     * of the listing). A run taken over after its worker died resumes from it.
     */
    async saveResume(sourceId: string, resume: CrawlResume | null): Promise<void> {
      await db.run('UPDATE crawl_state SET resume_url = ?, resume_pages = ?, resume_at = ? WHERE source_id = ?', [
        resume?.next ?? null,
        resume?.pages ?? 0,
        resume?.at ?? null,
        sourceId,
      ]);
    },

    async setPaused(sourceId: string, paused: boolean, now: string): Promise<void> {
      await db.write(async () => {
        await db.run('INSERT INTO crawl_state (source_id, next_due_at) VALUES (?, ?) ON CONFLICT DO NOTHING', [sourceId, now]);
        await db.run('UPDATE crawl_state SET paused = ? WHERE source_id = ?', [paused ? 1 : 0, sourceId]);
      });
    },
  };
}

export type CrawlStateRepo = ReturnType<typeof crawlStateRepo>;
