import { BrowserPool } from '../../crawlers/browser/browser-pool.js';
import type { HostGate } from '../../crawlers/fetch/host-gate.js';
import { Loader, type ValidatorStore } from '../../crawlers/fetch/loader.js';
import { parseAllowList } from '../../crawlers/fetch/ssrf-guard.js';
import type { Config } from '../config.js';
import type { Store } from '../storage/store.js';
import type { Classifier } from '../types.js';
import type { CrawlDeps } from './crawl-source.js';

export interface CrawlRuntime {
  loader: Loader;
  /** The shared Chromium, launched on first use. */
  browser: () => BrowserPool;
  deps: CrawlDeps;
  close(): Promise<void>;
}

/**
 * The Loader configured from KC_CRAWL_* (no validator store: every fetch is unconditional). With a
 * host gate, politeness is shared with the other workers using the same gate (crawl workers).
 */
export function createLoader(config: Config, validators?: ValidatorStore, hostGate?: HostGate): Loader {
  const c = config.crawl;
  return new Loader({
    userAgent: c.userAgent,
    allowHosts: parseAllowList(c.allowHosts),
    delayMs: c.delayMs,
    maxBytes: c.maxBytes,
    timeoutMs: c.timeoutMs,
    validators,
    hostGate,
  });
}

export function createBrowserPool(config: Config, loader: Loader): BrowserPool {
  return new BrowserPool({ executablePath: config.chromiumPath, loader, maxPages: 2, pageTimeoutMs: Math.max(45_000, config.crawl.timeoutMs) });
}

/**
 * Builds the crawl machinery from configuration: one Loader (so robots.txt cache and per-host
 * politeness are shared by every source) and one lazily launched browser.
 */
export function createCrawlRuntime(opts: {
  config: Config;
  store: Store;
  classifier: Classifier;
  secret: string;
  onPage?: CrawlDeps['onPage'];
  hostGate?: HostGate;
}): CrawlRuntime {
  const { config, store } = opts;
  const c = config.crawl;
  const loader = createLoader(config, store.httpCache, opts.hostGate);
  let pool: BrowserPool | undefined;
  const browser = () => (pool ??= createBrowserPool(config, loader));
  return {
    loader,
    browser,
    deps: {
      store,
      loader,
      browser,
      classifier: opts.classifier,
      secret: opts.secret,
      spoolDir: c.spoolDir,
      evidenceLabels: config.evidenceLabels,
      failingAfter: c.failingAfter,
      jitterMs: c.jitterMs,
      // One lease length for every crawl path (workers, crawl --once), so none of them takes a
      // live run's lock for a dead one's.
      staleRunMs: c.leaseMs,
      timezone: config.digest.timeZone,
      onPage: opts.onPage,
    },
    async close() {
      await pool?.close();
      await loader.close();
    },
  };
}
