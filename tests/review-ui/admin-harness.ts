import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { loadConfig } from '../../src/config.js';
import { createSourceAdminTools } from '../../src/jobs/source-admin-tools.js';
import { digestMaker } from '../../src/jobs/make-digest.js';
import { adminExtension } from '../../review-ui/admin/index.js';
import { harness, type Harness } from './harness.js';

/**
 * E's review-UI harness with the admin extension mounted, the repository's real rule packs, and
 * a sources folder of its own.
 */
export async function adminHarness(env: Record<string, string> = {}): Promise<Harness & { sourcesDir: string; reloads: { n: number } }> {
  const base = mkdtempSync(join(tmpdir(), 'kc-admin-'));
  const sourcesDir = join(base, 'sources');
  // No real development set unless a test names one (the shared data folder may be absent).
  const config = loadConfig({ KC_DATA_DIR: base, KC_RULES_DIR: resolve('rules'), KC_SOURCES_DIR: sourcesDir, KC_EVAL_REAL_PATH: '', ...env });
  const reloads = { n: 0 };
  const h = await harness({
    app: {
      config,
      extend: adminExtension({
        sources: createSourceAdminTools(config),
        heldoutPath: resolve('tests/fixtures/eval/heldout.jsonl'),
        realEvalPath: config.realEvalPath,
        modelsDir: join(base, 'models'),
        onClassifierChange: () => {
          reloads.n++;
        },
        // As main.ts and serve wire it: "Tạo bản tin" on /digests.
        makeDigest: digestMaker({ dir: config.digest.dir, chromiumPath: config.chromiumPath, rulesDir: config.rulesDir }),
      }),
    },
  });
  return Object.assign(h, { sourcesDir, reloads });
}
