import { documentWorker } from '../../crawlers/adapters/document-worker.js';
import type { SourceDef } from '../../crawlers/source-schema.js';
import { crawlSource, RUN_LEASE_MS, type CrawlDeps, type CrawlSummary } from './crawl-source.js';

export interface CrawlWorkerOptions {
  deps: CrawlDeps;
  /** Read on every tick, so added or edited source files are picked up without a restart. */
  sources: () => SourceDef[];
  /** This worker's name in the leases; unique among all running workers (host, pid, a random part). */
  owner: string;
  /** A source's lease: another worker takes it over this long after this one's last heartbeat. */
  leaseMs?: number;
  /** Sources crawled at the same time by this worker. */
  concurrency?: number;
  /**
   * Of those, how many may be busy (fetching, parsing, storing) rather than sleeping out a host's
   * delay: beyond this a worker takes no more sources, and leaves them to workers with time to
   * spare (default ACTIVE_RUNS).
   */
  activeRuns?: number;
  /** How often the database is asked for due sources while idle. */
  pollMs?: number;
  onRun?: (summary: CrawlSummary) => void;
  log?: (msg: string) => void;
}

/** A paused source is looked at again this often (resuming it needs no restart). */
const PAUSED_RECHECK_MS = 60_000;
/** The set of sources is written to the leases at least this often, also when it did not change here. */
const RESYNC_MS = 60_000;
/**
 * Busy runs per worker. `concurrency` is sized for polite crawls, where runs mostly sleep between
 * requests; sources that turn out not to wait (no delay, or a backlog due at once) would otherwise
 * all go to whichever worker ticked first, and the other workers idle (issue 16: two workers
 * crawled no faster than one, as one held all 50 sources). A few busy runs keep a worker's CPU fed.
 */
export const ACTIVE_RUNS = 8;
/** Longest wait for the parse thread before the first claim. */
const WARM_WAIT_MS = 5000;
/** While the busy limit holds sources back, look again this soon: runs that start waiting free room. */
const RAMP_MS = 250;

/**
 * A crawl worker (issue 16, §5): any number of them, in one process or many, share the sources
 * through job leases in the database. Each tick claims due sources (at most `concurrency` at a time),
 * keeps their leases alive with a heartbeat while crawling, and releases each with its next due time
 * (the schedule's next time plus jitter, or the backoff after a failure). A worker that dies stops
 * beating; its sources are claimed by another worker once the lease lapses.
 */
export class CrawlWorker {
  private readonly running = new Map<string, Promise<CrawlSummary | undefined>>();
  /** Runs that have read their last page and are only storing it: they no longer count as busy. */
  private readonly fetched = new Set<string>();
  private timer?: NodeJS.Timeout;
  private beat?: NodeJS.Timeout;
  private stopped = true;
  private ticking?: Promise<unknown>;
  private synced = { ids: '', at: 0 };
  /** The last claim stopped at the busy limit, not at `concurrency` or at the end of due sources. */
  private heldBack = false;

  constructor(private readonly options: CrawlWorkerOptions) {}

  private get leaseMs(): number {
    return this.options.leaseMs ?? RUN_LEASE_MS;
  }

  private now(): Date {
    return this.options.deps.now?.() ?? new Date();
  }

  private log(msg: string): void {
    this.options.log?.(`crawl worker ${this.options.owner}: ${msg}`);
  }

  /** Every enabled source has a lease row (first due when crawl_state says, else now); others go. */
  private async sync(enabled: SourceDef[], now: Date): Promise<void> {
    const { store } = this.options.deps;
    const ids = enabled.map((s) => s.id).sort();
    const signature = ids.join('\n');
    if (signature === this.synced.ids && now.getTime() - this.synced.at < RESYNC_MS) return;
    const states = new Map((await store.crawlState.list()).map((s) => [s.sourceId, s.nextDueAt]));
    await store.leases.ensure('crawl', ids.map((key) => ({ key, dueAt: states.get(key) ?? now.toISOString() })));
    await store.leases.retire('crawl', ids, now);
    this.synced = { ids: signature, at: now.getTime() };
  }

  /** Claims due sources and starts them; resolves when the runs started by this tick end. */
  async tick(): Promise<CrawlSummary[]> {
    const runs = await this.claim();
    return (await Promise.all(runs)).filter((s): s is CrawlSummary => s !== undefined);
  }

  /** Claims due sources (up to the free room) and starts their runs; resolves once they are started. */
  private async claim(): Promise<Array<Promise<CrawlSummary | undefined>>> {
    const { store } = this.options.deps;
    const enabled = this.options.sources().filter((s) => s.enabled);
    const byId = new Map(enabled.map((s) => [s.id, s]));
    const now = this.now();
    await this.sync(enabled, now);
    const held = this.running.size;
    const free = Math.max(0, (this.options.concurrency ?? 3) - held);
    // Runs whose next request sleeps out its host's delay are idle, and so are runs that only store
    // what they read (that is the database's work): the others are busy.
    const busy = Math.max(0, held - this.fetched.size - this.options.deps.loader.limiter.waiting);
    const room = Math.min(free, Math.max(0, (this.options.activeRuns ?? ACTIVE_RUNS) - busy));
    const jobs = await store.leases.claimDue('crawl', this.options.owner, this.leaseMs, room, now);
    this.heldBack = room < free && jobs.length === room;
    return jobs.map((job) => {
      const run = this.run(job.key, byId.get(job.key), job.attempts).finally(() => {
        this.running.delete(job.key);
        this.fetched.delete(job.key);
        // A slot came free: more may be due (or waiting behind this one).
        if (!this.stopped) this.schedule(0);
      });
      this.running.set(job.key, run);
      return run;
    });
  }

  private async run(id: string, source: SourceDef | undefined, attempts: number): Promise<CrawlSummary | undefined> {
    const { store } = this.options.deps;
    const owner = this.options.owner;
    const later = (ms: number) => new Date(this.now().getTime() + ms).toISOString();
    try {
      if (!source) {
        // Removed or disabled since this tick read the folder: the next sync retires it.
        await store.leases.release('crawl', id, owner, later(PAUSED_RECHECK_MS));
        return undefined;
      }
      if ((await store.crawlState.get(id))?.paused) {
        await store.leases.release('crawl', id, owner, later(PAUSED_RECHECK_MS));
        return undefined;
      }
      if (attempts > 1) this.log(`${id}: taking over a lease that lapsed (claim ${attempts})`);
      // The run lock in crawl_state lapses with the same lease, so a run abandoned by a dead worker
      // is taken over as soon as its job is.
      const onFetched = (sourceId: string) => {
        this.fetched.add(sourceId);
        this.options.deps.onFetched?.(sourceId);
        // Room for another source: claim it now, while this one stores.
        if (!this.stopped && this.heldBack) this.schedule(0);
      };
      const summary = await crawlSource({ ...this.options.deps, staleRunMs: this.leaseMs, onFetched }, source);
      // 'skipped': a run outside the workers (crawl --once) holds the source; look again soon.
      const next = summary.status === 'skipped' ? later(Math.ceil(this.leaseMs / 3)) : (summary.nextDueAt ?? later(this.leaseMs));
      if (!(await store.leases.release('crawl', id, owner, next))) this.log(`${id}: lease was taken over before the run ended`);
      this.options.onRun?.(summary);
      return summary;
    } catch (err) {
      // Storage failed around the run: the lease lapses and the source is tried again then.
      this.log(`${id}: ${err instanceof Error ? err.message : String(err)}`);
      return undefined;
    }
  }

  private heartbeat(): void {
    const keys = [...this.running.keys()];
    if (keys.length === 0) return;
    this.options.deps.store.leases.heartbeat('crawl', this.options.owner, keys, this.leaseMs, this.now()).then(
      (held) => {
        const lost = keys.filter((k) => !held.includes(k) && this.running.has(k));
        if (lost.length > 0) this.log(`lost the lease of ${lost.join(', ')} (too slow to renew)`);
      },
      (err: unknown) => this.log(`heartbeat failed: ${err instanceof Error ? err.message : String(err)}`),
    );
  }

  private schedule(ms: number): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      if (this.ticking) return this.schedule(50);
      const tick = this.tickSafely();
      this.ticking = tick;
      void tick.finally(() => {
        if (this.ticking === tick) this.ticking = undefined;
      });
    }, ms);
  }

  private async tickSafely(): Promise<void> {
    try {
      await this.claim();
    } catch (err) {
      this.log(`tick: ${err instanceof Error ? err.message : String(err)}`);
    }
    const pollMs = this.options.pollMs ?? 5000;
    if (!this.stopped) this.schedule(this.heldBack ? Math.min(pollMs, RAMP_MS) : pollMs);
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    // Unref'd: only the crawls themselves keep a process alive.
    this.beat = setInterval(() => this.heartbeat(), Math.max(200, Math.floor(this.leaseMs / 3)));
    this.beat.unref();
    // The first claim waits for the parse thread to boot (about a second): sources claimed sooner
    // would only wait for it with their leases held, while another worker could be crawling them.
    const warm = documentWorker({}).warm();
    void Promise.race([warm, new Promise((r) => setTimeout(r, WARM_WAIT_MS).unref())]).then(() => {
      if (!this.stopped && !this.timer && !this.ticking) this.schedule(0);
    });
  }

  /** Stops claiming and waits for runs in progress (their leases are released as they end). */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    await this.ticking;
    await Promise.allSettled(this.running.values());
    clearInterval(this.beat);
  }

  get busy(): string[] {
    return [...this.running.keys()];
  }
}
