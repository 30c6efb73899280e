import { runAdapter } from '../../crawlers/adapters/index.js';
import type { BrowserPool } from '../../crawlers/browser/browser-pool.js';
import { CrawlError } from '../../crawlers/fetch/errors.js';
import type { Loader } from '../../crawlers/fetch/loader.js';
import type { SourceDef } from '../../crawlers/source-schema.js';
import type { CrawlResume, SourceHealth } from '../storage/crawl-state.js';
import type { Store } from '../storage/store.js';
import type { Classifier, RawItem } from '../types.js';
import { backoffMs, nextCronTime, type BackoffOptions } from './crawl-schedule.js';
import { removeSpoolFile, spoolItems, spooledFor } from './crawl-spool.js';
import { ingest, type IngestResult } from './ingest.js';

export interface CrawlDeps {
  store: Store;
  loader: Loader;
  browser?: () => BrowserPool;
  classifier: Classifier;
  secret: string;
  /** Where items that could not be stored wait for the next run. */
  spoolDir: string;
  /** Labels whose flagged items get evidence captured (config.evidenceLabels; [] = none). */
  evidenceLabels: string[];
  now?: () => Date;
  /** Consecutive failures from which a source is "failing" (default 3). */
  failingAfter?: number;
  backoff?: BackoffOptions;
  /** Random extra delay added to the next due time, so sources do not all fire together. */
  jitterMs?: number;
  random?: () => number;
  timezone?: string;
  /** Attempts to store a batch when the database stays locked (default 4). */
  storeAttempts?: number;
  storeRetryMs?: number;
  /** Items read while crawling that are stored together in one write (default STORE_EVERY). */
  storeEvery?: number;
  /** A run lock not renewed for this long is abandoned by a crashed process (default RUN_LEASE_MS). */
  staleRunMs?: number;
  onPage?: (sourceId: string, url: string, items: number) => void;
  /** Told when a run has read its last page: what is left of it is storing, not fetching. */
  onFetched?: (sourceId: string) => void;
}

export interface CrawlSummary {
  sourceId: string;
  runId?: number;
  status: 'ok' | 'not_modified' | 'failed' | 'skipped';
  pages: number;
  found: number;
  new: number;
  duplicates: number;
  /** Items skipped because their author or URL was erased on request (the suppression list). */
  suppressed: number;
  /** New items stored unclassified because the classifier failed on them (present only when some were). */
  unclassified?: number;
  /** Items from earlier runs that could not be stored then and were stored now. */
  replayed: number;
  evidenceQueued: number;
  error?: string;
  /** Retryable errors are transient (timeouts, 5xx); others need a person (robots, 404, bad selectors). */
  retryable?: boolean;
  stoppedBy?: string;
  /** The run went on where a dead run of this source stopped, after this many pages. */
  resumedAfter?: number;
  health?: SourceHealth;
  nextDueAt?: string;
  durationMs: number;
}

function isBusy(err: unknown): boolean {
  const e = err as { code?: string; message?: string };
  return e?.code === 'SQLITE_BUSY' || e?.code === 'SQLITE_LOCKED' || /SQLITE_BUSY|database is locked/.test(e?.message ?? '');
}

/** Run-log bookkeeping must land too: retry while the database is briefly locked. */
async function whenFree<T>(deps: CrawlDeps, fn: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn();
    } catch (err) {
      if (!isBusy(err) || attempt >= 8) throw err;
      await new Promise((r) => setTimeout(r, (deps.storeRetryMs ?? 1000) * 2 ** (attempt - 1)));
    }
  }
}

/**
 * Stores items, retrying while the database is busy; spools them to disk if it stays busy.
 * `resume` (where the run stands after these items) commits in the same transaction.
 */
async function store(deps: CrawlDeps, source: SourceDef, items: RawItem[], spool = true, resume?: CrawlResume | null): Promise<IngestResult> {
  const attempts = deps.storeAttempts ?? 4;
  const withLastBatch = resume === undefined ? undefined : () => deps.store.crawlState.saveResume(source.id, resume);
  for (let attempt = 1; ; attempt++) {
    try {
      return await ingest(deps.store, items, {
        classifier: deps.classifier, secret: deps.secret, defaultSource: source.id, sourceType: source.type, now: deps.now?.(), withLastBatch,
        onClassifyError: (err, item) => process.stderr.write(`crawl ${source.id}: item ${item.id} stored unclassified: ${err instanceof Error ? err.message : String(err)}\n`),
      });
    } catch (err) {
      if (!isBusy(err)) throw err;
      if (attempt >= attempts) {
        if (!spool) throw err;
        const file = spoolItems(deps.spoolDir, source.id, items, deps.now?.() ?? new Date());
        throw new Error(`database busy: ${items.length} item(s) saved to ${file} and stored on the next run`, { cause: err });
      }
      await new Promise((r) => setTimeout(r, (deps.storeRetryMs ?? 1000) * 2 ** (attempt - 1)));
    }
  }
}

/**
 * Items of a paginated source stored per write while it is crawled: one ingest batch. A long
 * listing is stored as it goes (bounded memory; a run cut short keeps what it stored), and a
 * typical run (20 pages of 20 posts) is still one write. Page by page was measured too (issue 16):
 * each write costs about 20 round trips whatever its size, and one worker fell from 66–78 to 41
 * pages/s on SQLite and from 58 to 26–36 on PostgreSQL.
 */
export const STORE_EVERY = 500;

/**
 * From this politeness delay on, every page is stored as soon as it is read, with the run's resume
 * point: a write costs a few milliseconds against a wait of this much between pages, and a worker
 * taking over the source after a crash then re-reads only the page that was in flight.
 */
export const PAGE_STORE_MIN_DELAY_MS = 200;

/** A resume point older than this is not followed: the listing has moved on; the run starts over. */
export const RESUME_MAX_AGE_MS = 60 * 60_000;

/** The resume point a dead run of this source left, if it is fresh and on the source's own site. */
function resumePoint(source: SourceDef, resume: CrawlResume | null | undefined, now: Date): CrawlResume | undefined {
  if (!resume || now.getTime() - Date.parse(resume.at) > RESUME_MAX_AGE_MS) return undefined;
  try {
    return new URL(resume.next).origin === new URL(source.url).origin ? resume : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The run lock is a lease: a live run renews it every RUN_HEARTBEAT_MS, and one not renewed for
 * RUN_LEASE_MS belonged to a process that died; the next run takes it over (it was a fixed hour,
 * during which the CLI refused the source and the scheduler skipped it: issue 14, finding 5).
 */
export const RUN_LEASE_MS = 90_000;
export const RUN_HEARTBEAT_MS = 20_000;

/**
 * One whole refresh of one source: take the run lock, fetch and extract, store through the
 * ingest pipeline, commit HTTP validators only once items are stored, queue evidence for flagged
 * items, and record the run and the source's next due time. Never throws for a crawl failure:
 * the failure is the run's outcome.
 */
export async function crawlSource(deps: CrawlDeps, source: SourceDef): Promise<CrawlSummary> {
  const now = () => deps.now?.() ?? new Date();
  const started = now();
  const iso = started.toISOString();
  const summary: CrawlSummary = { sourceId: source.id, status: 'skipped', pages: 0, found: 0, new: 0, duplicates: 0, suppressed: 0, replayed: 0, evidenceQueued: 0, durationMs: 0 };
  const { store: st } = deps;
  await st.sources.upsert({
    id: source.id,
    name: source.name,
    type: source.type,
    url: source.url,
    unit: source.unit ?? null,
    enabled: source.enabled,
    // post_selector is read back by the evidence worker (screenshot of the post element only).
    config: { schedule: source.schedule, file: source.file, ...(source.post_selector ? { post_selector: source.post_selector } : {}) },
  });
  const staleBefore = new Date(started.getTime() - (deps.staleRunMs ?? RUN_LEASE_MS)).toISOString();
  if (!(await st.crawlState.claim(source.id, iso, staleBefore))) {
    summary.error = 'another run of this source is in progress';
    return summary;
  }
  await st.crawlRuns.abandon(source.id, iso);
  summary.runId = await st.crawlRuns.start(source.id, iso);
  let lease = iso;
  // Unref'd: the heartbeat must not keep a process alive, only the run's own work does.
  const heartbeat = setInterval(() => {
    const at = new Date(Math.max(Date.parse(lease) + 1, now().getTime())).toISOString();
    st.crawlState.renew(source.id, at, lease).then((ok) => ok && (lease = at), () => undefined);
  }, Math.min(RUN_HEARTBEAT_MS, (deps.staleRunMs ?? RUN_LEASE_MS) / 3));
  heartbeat.unref();
  let retryAfterMs: number | undefined;
  // The storing of the last page read, still in flight while the next one is fetched.
  let storing: Promise<void> = Promise.resolve();
  try {
    const newIds: number[] = [];
    const count = (r: IngestResult) => {
      newIds.push(...r.ids);
      summary.new += r.imported;
      summary.duplicates += r.duplicates;
      summary.suppressed += r.suppressed;
      if (r.unclassified > 0) summary.unclassified = (summary.unclassified ?? 0) + r.unclassified;
    };
    for (const spooled of spooledFor(deps.spoolDir, source.id)) {
      const r = await store(deps, source, spooled.items, false);
      removeSpoolFile(spooled.path);
      summary.replayed += spooled.items.length;
      count(r);
    }
    let found = 0;
    const pending: RawItem[] = [];
    const resume = resumePoint(source, (await st.crawlState.get(source.id))?.resume, started);
    if (resume) summary.resumedAfter = resume.pages;
    const host = new URL(source.url).host;
    const res = await runAdapter(source, {
      loader: deps.loader,
      browser: deps.browser,
      timeZone: deps.timezone,
      onPage: (url, n) => deps.onPage?.(source.id, url, n),
      ...(resume ? { resumeFrom: { next: resume.next, pages: resume.pages } } : {}),
      // Paginated sources hand over their items page by page. Polite ones store each page with the
      // resume point before the next is fetched; fast ones every STORE_EVERY items, that write
      // overlapping the fetch of the next pages.
      onItems: async (items, page) => {
        found += items.length;
        pending.push(...items);
        const perPage = deps.loader.limiter.delayFor(host) >= PAGE_STORE_MIN_DELAY_MS;
        if (!perPage && pending.length < (deps.storeEvery ?? STORE_EVERY)) return;
        await storing;
        const at = now().toISOString();
        storing = store(deps, source, pending.splice(0), true, page.next ? { next: page.next, pages: page.pages, at } : null).then(count);
        storing.catch(() => undefined); // awaited with the next page or after the last
        if (perPage) await storing;
      },
    });
    deps.onFetched?.(source.id);
    await storing;
    if (pending.length > 0) count(await store(deps, source, pending.splice(0)));
    summary.pages = res.pages - (resume?.pages ?? 0);
    summary.found = found + res.items.length;
    summary.stoppedBy = res.stoppedBy;
    if (res.items.length > 0) count(await store(deps, source, res.items));
    await whenFree(deps, () => st.httpCache.putMany(res.validators, now().toISOString()));
    summary.evidenceQueued = await whenFree(deps, () => st.evidence.enqueueFlagged(newIds, now().toISOString(), deps.evidenceLabels));
    summary.status = res.notModified && summary.replayed === 0 ? 'not_modified' : 'ok';
  } catch (err) {
    await storing.catch(() => undefined); // a page's write still in flight ends before the run does
    summary.status = 'failed';
    summary.error = err instanceof Error ? err.message : String(err);
    summary.retryable = err instanceof CrawlError ? err.retryable : undefined;
    retryAfterMs = err instanceof CrawlError ? err.retryAfterMs : undefined;
  } finally {
    clearInterval(heartbeat);
  }
  const ended = now();
  const ok = summary.status !== 'failed';
  const prior = (await whenFree(deps, () => st.crawlState.get(source.id)))?.consecutiveFailures ?? 0;
  const jitter = Math.floor((deps.random ?? Math.random)() * (deps.jitterMs ?? 0));
  const nextDue = ok
    ? new Date(nextCronTime(source.schedule, ended, deps.timezone).getTime() + jitter)
    : new Date(ended.getTime() + Math.max(backoffMs(prior + 1, deps.backoff), retryAfterMs ?? 0) + jitter);
  const runId = summary.runId;
  await whenFree(deps, () => st.crawlRuns.finish(runId, {
    status: summary.status as 'ok' | 'not_modified' | 'failed',
    endedAt: ended.toISOString(),
    pages: summary.pages,
    found: summary.found,
    newCount: summary.new,
    duplicates: summary.duplicates,
    error: summary.error ?? (summary.stoppedBy ? `stopped early: ${summary.stoppedBy}` : null),
  }));
  const state = await whenFree(deps, () =>
    st.crawlState.finish(source.id, { ok, at: ended.toISOString(), nextDueAt: nextDue.toISOString(), error: summary.error, failingAfter: deps.failingAfter ?? 3 }),
  );
  summary.health = state.health;
  summary.nextDueAt = state.nextDueAt;
  summary.durationMs = ended.getTime() - started.getTime();
  return summary;
}
