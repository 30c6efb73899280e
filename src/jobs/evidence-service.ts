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
 * run: a capture is claimed under a lease renewed while it runs, and one left by a dead node is
 * taken again once its lease lapses (EVIDENCE_LEASE_MS).
 */
export function startEvidenceService(opts: { config: Config; store: Store; owner?: string; log?: (msg: string) => void }): { stop(): Promise<void> } {
  const { config, store } = opts;
  const owner = opts.owner ?? nodeName('evidence');
  const hostGate = sharedHostGate({ leases: store.leases, node: owner, leaseMs: config.crawl.timeoutMs + 5000 });
  const loader = createLoader(config, undefined, hostGate);
  const pool = createBrowserPool(config, loader);
  const worker = startEvidenceWorker({ store, browser: () => pool, dataDir: config.dataDir, labels: config.evidenceLabels, owner, log: opts.log });
  return {
    async stop() {
      await worker.stop();
      await pool.close();
      await loader.close();
    },
  };
}
