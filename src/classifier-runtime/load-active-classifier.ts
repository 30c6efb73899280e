import { currentOverrides } from './current-overrides.js';
import type { Store } from '../storage/store.js';
import { loadClassifier } from './load-classifier.js';

/**
 * The classifier ingest should use: shipped rule packs with the admin UI's overrides applied, and
 * the model version activated in the admin UI (else the shipped model).
 */
export async function loadActiveClassifier(store: Store, options: { rulesDir: string; onWarning?: (m: string) => void }) {
  const overrides = await currentOverrides(store);
  const active = await store.modelVersions.active();
  return loadClassifier({ rulesDir: options.rulesDir, modelPath: active?.path, overrides, onWarning: options.onWarning });
}
