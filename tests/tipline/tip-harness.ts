import { join } from 'node:path';
import { createApp } from '../../review-ui/app.js';
import { loadConfig } from '../../src/config.js';
import { createLoader } from '../../src/jobs/crawl-runtime.js';
import { createTipIntake } from '../../src/jobs/tip-intake.js';
import { installationSecret } from '../../src/privacy/installation-secret.js';
import { HookRunner } from '../../src/tipline/hooks.js';
import { harness, type Harness } from '../review-ui/harness.js';
import { keywordClassifier } from '../review-ui/keyword-classifier.js';

export type TipHarness = Harness & { hooks: HookRunner; logs: string[]; config: ReturnType<typeof loadConfig> };

/**
 * The review-UI harness (real SQLite file, users, items) with the tipline wired as main.ts wires it:
 * the crawler's loader (robots.txt, SSRF guard; `KC_CRAWL_ALLOW_HOSTS` lets 127.0.0.1 fixtures
 * through), the intake and the webhook runner. `env` sets KC_TIP_* / KC_ZALO_* / KC_TELEGRAM_*.
 */
export async function tipHarness(env: Record<string, string> = {}): Promise<TipHarness> {
  const h = await harness();
  const config = loadConfig({ KC_DATA_DIR: h.dir, KC_RULES_DIR: join(h.dir, 'rules'), KC_CRAWL_DELAY_MS: '0', KC_CRAWL_TIMEOUT_MS: '5000', ...env });
  const loader = createLoader(config);
  const logs: string[] = [];
  const intake = createTipIntake({ store: h.store, classifier: keywordClassifier, secret: installationSecret(h.dir), loader, maxChars: config.tipline.maxChars, evidenceLabels: [], onError: (m) => logs.push(m) });
  const hooks = new HookRunner({ store: h.store, intake, config: config.tipline, clock: () => h.now.value, log: (m) => logs.push(m) });
  const app = createApp({
    store: h.store, config, clock: () => h.now.value, responsesDir: join(import.meta.dirname, '..', 'review-ui', 'fixtures', 'responses'),
    scrypt: { N: 1024, r: 8, p: 1 }, trustProxy: true, tipline: { intake, hooks },
  });
  const close = h.close;
  return Object.assign(h, {
    app, hooks, logs, config,
    async close() {
      await hooks.settled();
      await loader.close();
      await close();
    },
  });
}
