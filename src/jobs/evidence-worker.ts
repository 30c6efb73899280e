import { createHash } from 'node:crypto';
import { mkdirSync, rmSync } from 'node:fs';
import { join, relative } from 'node:path';
import { writeFileAtomicSync } from '../files/write-atomic.js';
import { z } from 'zod';
import type { BrowserPool } from '../../crawlers/browser/browser-pool.js';
import { capturePage, type PageCapture } from '../../crawlers/browser/capture.js';
import { CrawlError } from '../../crawlers/fetch/errors.js';
import type { Store } from '../storage/store.js';
import { nodeName } from './node-name.js';

export interface EvidenceDeps {
  store: Store;
  browser: () => BrowserPool;
  /** Files go under <dataDir>/evidence/<item id>/; paths are stored relative to dataDir. */
  dataDir: string;
  /**
   * config.evidenceLabels: a queued item is captured only if it is still flagged with one of
   * these (a reclassification or a configuration change since it was queued drops the job).
   */
  labels: string[];
  now?: () => Date;
  /** This worker's name in the capture leases (nodeName('evidence') by default). */
  owner?: string;
  /** A capture's lease: another worker takes it again this long after this one's last heartbeat. */
  leaseMs?: number;
  maxAttempts?: number;
  retryDelayMs?: number;
  /** Lets tests replace the browser capture; defaults to capturePage. */
  capture?: (pool: BrowserPool, url: string, opts: { postSelector?: string }) => Promise<PageCapture>;
  log?: (msg: string) => void;
}

export type EvidenceOutcome = 'done' | 'retry' | 'failed' | 'empty' | 'lost';

/** Long enough for a page load with its deadline; renewed every third of it while the capture runs. */
export const EVIDENCE_LEASE_MS = 60_000;

const defaultOwner = nodeName('evidence');

const sha256 = (b: Buffer | string) => createHash('sha256').update(b).digest('hex');

// The stored source definition (sources.config, written by crawlSource from the YAML file).
const storedSource = z.object({ post_selector: z.string().trim().min(1).optional() });

/** The CSS selector of the post element for items of this source, if its definition names one. */
async function postSelectorFor(store: Store, sourceId: string | null): Promise<string | undefined> {
  const source = sourceId ? await store.sources.get(sourceId) : undefined;
  const parsed = storedSource.safeParse(source?.config ?? {});
  return parsed.success ? parsed.data.post_selector : undefined;
}

/**
 * Captures the next queued item's page: HTML snapshot + PNG screenshot, each with its SHA-256 and
 * its scope (the post element when the source defines one and it is found).
 */
export async function captureNext(deps: EvidenceDeps): Promise<EvidenceOutcome> {
  const now = () => deps.now?.() ?? new Date();
  const at = now();
  const dropped = await deps.store.evidence.dropUnwanted(deps.labels);
  if (dropped > 0) deps.log?.(`evidence: dropped ${dropped} queued capture(s) of items no longer flagged with ${deps.labels.join(', ') || '(no evidence labels)'}`);
  const owner = deps.owner ?? defaultOwner;
  const leaseMs = deps.leaseMs ?? EVIDENCE_LEASE_MS;
  const until = () => new Date(now().getTime() + leaseMs).toISOString();
  const job = await deps.store.evidence.claimNext({ owner, now: at.toISOString(), until: until() });
  if (!job) return 'empty';
  // Unref'd: only the capture itself keeps a process alive.
  const beat = setInterval(() => void deps.store.evidence.renew(job.itemId, owner, until()).catch(() => undefined), Math.max(100, Math.floor(leaseMs / 3)));
  beat.unref();
  try {
    const postSelector = await postSelectorFor(deps.store, job.sourceId);
    const cap = await (deps.capture ?? capturePage)(deps.browser(), job.url, { postSelector });
    const dir = join(deps.dataDir, 'evidence', String(job.itemId));
    mkdirSync(dir, { recursive: true });
    const stamp = cap.capturedAt.replace(/[:.]/g, '-');
    const htmlPath = join(dir, `${stamp}.html`);
    const pngPath = join(dir, `${stamp}.png`);
    writeFileAtomicSync(htmlPath, cap.html, { mode: 0o600 });
    writeFileAtomicSync(pngPath, cap.png, { mode: 0o600 });
    const kept = await deps.store.evidence.complete(job.itemId, {
      capturedAt: cap.capturedAt,
      finalUrl: cap.finalUrl,
      htmlPath: relative(deps.dataDir, htmlPath),
      htmlSha256: sha256(cap.html),
      pngPath: relative(deps.dataDir, pngPath),
      pngSha256: sha256(cap.png),
      pngScope: cap.scope,
      htmlScope: cap.htmlScope,
    }, owner);
    if (!kept) {
      // No row points at these files, so no retention purge or erasure would ever find them.
      for (const path of [htmlPath, pngPath]) rmSync(path, { force: true });
      return lost(deps, job.itemId);
    }
    deps.log?.(`evidence: captured item ${job.itemId} (${job.url}; screenshot: ${cap.scope}; snapshot: ${cap.htmlScope})`);
    return 'done';
  } catch (err) {
    const msg = err instanceof Error ? err.message : String(err);
    // robots.txt / SSRF refusals and 4xx will not change on retry; a host that is down may.
    const final = (err instanceof CrawlError && !err.retryable) || job.attempts >= (deps.maxAttempts ?? 3);
    const retryAt = final ? null : new Date(now().getTime() + (deps.retryDelayMs ?? 15 * 60_000) * job.attempts).toISOString();
    if (!(await deps.store.evidence.fail(job.itemId, msg, retryAt, owner))) return lost(deps, job.itemId);
    deps.log?.(`evidence: item ${job.itemId} ${final ? 'failed' : 'will be retried'}: ${msg}`);
    return final ? 'failed' : 'retry';
  } finally {
    clearInterval(beat);
  }
}

/** This worker was too slow to renew the lease and another took the capture: the other's outcome stands. */
function lost(deps: EvidenceDeps, itemId: number): EvidenceOutcome {
  deps.log?.(`evidence: item ${itemId}: the capture was taken over by another worker; this one's result is dropped`);
  return 'lost';
}

/** Works through the queue until it is empty (or `limit` captures were tried). */
export async function drainEvidence(deps: EvidenceDeps, limit = Infinity): Promise<Record<Exclude<EvidenceOutcome, 'empty'>, number>> {
  const counts = { done: 0, retry: 0, failed: 0, lost: 0 };
  for (let i = 0; i < limit; i++) {
    const outcome = await captureNext(deps);
    if (outcome === 'empty') break;
    counts[outcome]++;
  }
  return counts;
}

/**
 * The background worker: polls the queue and captures one page at a time, apart from the crawl
 * (a slow capture never holds up crawling). `stop()` waits for the capture in progress.
 */
export function startEvidenceWorker(deps: EvidenceDeps, opts: { intervalMs?: number } = {}): { stop(): Promise<void>; wake(): void } {
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let current: Promise<unknown> = Promise.resolve();
  const loop = async () => {
    timer = undefined;
    if (stopped) return;
    try {
      while (!stopped && (await captureNext(deps)) !== 'empty');
    } catch (err) {
      deps.log?.(`evidence: worker error: ${err instanceof Error ? err.message : String(err)}`);
    }
    if (!stopped) timer = setTimeout(run, opts.intervalMs ?? 30_000);
  };
  const run = () => {
    current = loop();
  };
  run();
  return {
    wake() {
      if (timer) {
        clearTimeout(timer);
        run();
      }
    },
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await current;
    },
  };
}
