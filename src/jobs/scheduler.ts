import { schedule, type ScheduledTask } from 'node-cron';
import { formatSourceError, loadSources, type SourceDef } from '../../crawlers/source-schema.js';
import type { Config } from '../config.js';
import type { Store } from '../storage/store.js';
import type { Classifier } from '../types.js';
import { createCrawlRuntime } from './crawl-runtime.js';
import { crawlSource, RUN_LEASE_MS, type CrawlDeps, type CrawlSummary } from './crawl-source.js';
import { startEvidenceWorker } from './evidence-worker.js';

export interface SchedulerOptions {
  deps: CrawlDeps;
  /** Read on every tick, so added or edited source files are picked up without a restart. */
  sources: () => SourceDef[];
  /** Sources crawled at the same time (different hosts; one host is always one at a time). */
  concurrency?: number;
  /** How often the database is asked what is due (node-cron, with seconds). */
  tickCron?: string;
  onRun?: (summary: CrawlSummary) => void;
  log?: (msg: string) => void;
}

/**
 * Runs each enabled source on its schedule. The database decides what is due: crawl_state.next_due_at
 * holds the next cron time plus jitter, or the backoff after a failure. A source is never run
 * twice at once (in-process map plus the run lock in the database).
 */
export class Scheduler {
  private readonly running = new Map<string, Promise<CrawlSummary>>();
  private task?: ScheduledTask;

  constructor(private readonly options: SchedulerOptions) {}

  private now(): Date {
    return this.options.deps.now?.() ?? new Date();
  }

  /** Starts every due source (up to the concurrency limit) and resolves when those runs end. */
  async tick(): Promise<CrawlSummary[]> {
    const { store } = this.options.deps;
    const enabled = this.options.sources().filter((s) => s.enabled);
    const byId = new Map(enabled.map((s) => [s.id, s]));
    const now = this.now();
    await store.crawlState.ensure([...byId.keys()], now.toISOString());
    const stale = new Date(now.getTime() - (this.options.deps.staleRunMs ?? RUN_LEASE_MS)).toISOString();
    const due = (await store.crawlState.due([...byId.keys()], now.toISOString(), stale)).filter((id) => !this.running.has(id));
    const room = Math.max(0, (this.options.concurrency ?? 3) - this.running.size);
    const started = due.slice(0, room).map((id) => {
      const run = crawlSource(this.options.deps, byId.get(id)!)
        .then((summary) => {
          this.options.onRun?.(summary);
          return summary;
        })
        .finally(() => this.running.delete(id));
      this.running.set(id, run);
      return run;
    });
    return Promise.all(started);
  }

  start(): void {
    if (this.task) return;
    const tick = () =>
      this.tick().catch((err: unknown) => this.options.log?.(`scheduler: ${err instanceof Error ? err.message : String(err)}`));
    this.task = schedule(this.options.tickCron ?? '*/15 * * * * *', () => void tick(), { name: 'kc-crawl-scheduler' });
    void tick();
  }

  /** Stops ticking and waits for runs in progress. */
  async stop(): Promise<void> {
    await this.task?.stop();
    await this.task?.destroy();
    this.task = undefined;
    await Promise.allSettled(this.running.values());
  }

  get busy(): string[] {
    return [...this.running.keys()];
  }
}

/** Reads the sources folder, logging its errors once each time they change. */
export function sourcesReader(dir: string, log: (msg: string) => void): () => SourceDef[] {
  let lastErrors = '';
  return () => {
    const { sources, errors } = loadSources(dir);
    const text = errors.map(formatSourceError).join('\n');
    if (text !== lastErrors && text) log(`sources: invalid files are not crawled:\n${text}`);
    lastErrors = text;
    return sources;
  };
}

export interface CrawlService {
  scheduler: Scheduler;
  stop(): Promise<void>;
}

/** What `serve` starts next to the web server: the scheduler and the evidence worker. */
export async function startScheduler(opts: {
  config: Config;
  store: Store;
  secret: string;
  /** Fixed classifier (tests); by default the active one, reloaded now and then to pick up admin changes. */
  classifier?: Classifier;
  sourcesDir?: string;
  log?: (msg: string) => void;
}): Promise<CrawlService> {
  const log = opts.log ?? ((m: string) => process.stderr.write(`${m}\n`));
  const load = async () =>
    (await import('../classifier-runtime/load-active-classifier.js')).loadActiveClassifier(opts.store, { rulesDir: opts.config.rulesDir, onWarning: (m) => log(`warning: ${m}`) });
  const runtime = createCrawlRuntime({ config: opts.config, store: opts.store, classifier: opts.classifier ?? (await load()), secret: opts.secret });
  // Rule overrides and model activations happen in the admin UI while we run.
  const reload = opts.classifier
    ? undefined
    : setInterval(() => {
        load().then(
          (c) => (runtime.deps.classifier = c),
          (err: unknown) => log(`scheduler: keeping the current classifier: ${err instanceof Error ? err.message : String(err)}`),
        );
      }, 10 * 60_000);
  reload?.unref();
  const worker = startEvidenceWorker({ store: opts.store, browser: runtime.browser, dataDir: opts.config.dataDir, labels: opts.config.evidenceLabels, log });
  const scheduler = new Scheduler({
    deps: runtime.deps,
    sources: sourcesReader(opts.sourcesDir ?? opts.config.sourcesDir, log),
    log,
    onRun: (s) => {
      log(`crawl ${s.sourceId}: ${s.status}${s.error ? ` (${s.error})` : ''}, ${s.new} new, ${s.duplicates} duplicate(s)${s.suppressed ? `, ${s.suppressed} suppressed` : ''}${s.unclassified ? `, ${s.unclassified} unclassified (classifier error)` : ''}`);
      if (s.evidenceQueued > 0) worker.wake();
    },
  });
  scheduler.start();
  return {
    scheduler,
    async stop() {
      clearInterval(reload);
      await scheduler.stop();
      await worker.stop();
      await runtime.close();
    },
  };
}
