import type { Config } from '../config.js';
import type { Store } from '../storage/store.js';
import type { Classifier } from '../types.js';
import { createCrawlRuntime } from './crawl-runtime.js';
import { CrawlWorker } from './crawl-worker.js';
import { startEvidenceWorker } from './evidence-worker.js';
import { nodeName } from './node-name.js';
import { sourcesReader } from './sources-reader.js';
import { sharedHostGate } from './shared-host-gate.js';

export interface CrawlServiceOptions {
  config: Config;
  store: Store;
  secret: string;
  /** Fixed classifier (tests); by default the active one, reloaded now and then to pick up admin changes. */
  classifier?: Classifier;
  sourcesDir?: string;
  /** Also capture evidence in this process (role all); an evidence node does it otherwise. */
  evidence: boolean;
  owner?: string;
  log?: (msg: string) => void;
}

export interface CrawlService {
  worker: CrawlWorker;
  owner: string;
  stop(): Promise<void>;
}

/**
 * What a crawl node runs (`serve --role crawl`, and `all`): a crawl worker that leases due sources,
 * with per-host politeness shared with every other worker through the database's host slots.
 */
export async function startCrawlService(opts: CrawlServiceOptions): Promise<CrawlService> {
  const { config, store } = opts;
  const log = opts.log ?? ((m: string) => process.stderr.write(`${m}\n`));
  const owner = opts.owner ?? nodeName('crawl');
  const load = async () =>
    (await import('../classifier-runtime/load-active-classifier.js')).loadActiveClassifier(store, { rulesDir: config.rulesDir, onWarning: (m) => log(`warning: ${m}`) });
  // A slot outlives the longest request (its whole deadline) with room for the release to land.
  const hostGate = sharedHostGate({ leases: store.leases, node: owner, leaseMs: config.crawl.timeoutMs + 5000 });
  const runtime = createCrawlRuntime({ config, store, classifier: opts.classifier ?? (await load()), secret: opts.secret, hostGate });
  // Rule overrides and model activations happen in the admin UI while we run.
  const reload = opts.classifier
    ? undefined
    : setInterval(() => {
        load().then(
          (c) => (runtime.deps.classifier = c),
          (err: unknown) => log(`crawl worker: keeping the current classifier: ${err instanceof Error ? err.message : String(err)}`),
        );
      }, 10 * 60_000);
  reload?.unref();
  const evidence = opts.evidence
    ? startEvidenceWorker({ store, browser: runtime.browser, dataDir: config.dataDir, labels: config.evidenceLabels, owner, log })
    : undefined;
  const worker = new CrawlWorker({
    deps: runtime.deps,
    sources: sourcesReader(opts.sourcesDir ?? config.sourcesDir, log),
    owner,
    leaseMs: config.crawl.leaseMs,
    pollMs: config.crawl.pollMs,
    concurrency: config.crawl.concurrency,
    log,
    onRun: (s) => {
      log(`crawl ${s.sourceId}: ${s.status}${s.error ? ` (${s.error})` : ''}, ${s.new} new, ${s.duplicates} duplicate(s)${s.suppressed ? `, ${s.suppressed} suppressed` : ''}${s.unclassified ? `, ${s.unclassified} unclassified (classifier error)` : ''}`);
      if (s.evidenceQueued > 0) evidence?.wake();
    },
  });
  worker.start();
  return {
    worker,
    owner,
    async stop() {
      clearInterval(reload);
      await worker.stop();
      await evidence?.stop();
      await runtime.close();
    },
  };
}
