import type { Config } from '../config.js';
import type { Store } from '../storage/store.js';
import { createBrowserPool, createLoader } from './crawl-runtime.js';
import { startEvidenceWorker } from './evidence-worker.js';
import { nodeName } from './node-name.js';
import { sharedHostGate } from './shared-host-gate.js';

/**
 * What an evidence node runs (`serve --role evidence`): the evidence worker with its own Chromium.
 * Its page loads go through a Loader that shares the host slots with the crawl workers, so a
 * capture counts against a site's politeness like any crawl request. Several evidence nodes may
 * run: a capture is claimed in one transaction, and one left by a dead node is taken again later.
 */
export function startEvidenceService(opts: { config: Config; store: Store; owner?: string; log?: (msg: string) => void }): { stop(): Promise<void> } {
  const { config, store } = opts;
  const hostGate = sharedHostGate({ leases: store.leases, node: opts.owner ?? nodeName('evidence'), leaseMs: config.crawl.timeoutMs + 5000 });
  const loader = createLoader(config, undefined, hostGate);
  const pool = createBrowserPool(config, loader);
  const worker = startEvidenceWorker({ store, browser: () => pool, dataDir: config.dataDir, labels: config.evidenceLabels, log: opts.log });
  return {
    async stop() {
      await worker.stop();
      await pool.close();
      await loader.close();
    },
  };
}
