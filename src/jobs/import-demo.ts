import { existsSync } from 'node:fs';
import type { Store } from '../storage/store.js';
import { importFile, type ImportReport } from './import-file.js';
import type { IngestOptions } from './ingest.js';

const SETTING = 'demo_corpus';

/**
 * First run only: fills an EMPTY database with the bundled demo corpus so `npm start` shows
 * something real. Runs at most once per database (remembered in settings), never touches a
 * database that already holds items, and reports rejected rows instead of hiding them.
 */
export async function importDemoCorpus(store: Store, path: string | null, options: IngestOptions): Promise<ImportReport | null> {
  if (!path || (await store.settings.get(SETTING)) !== undefined || (await store.items.count()) > 0) return null;
  if (!existsSync(path)) throw new Error(`demo corpus ${path} not found (set KC_DEMO_CORPUS="" to start with an empty database)`);
  const report = await importFile(store, path, { ...options, sourceType: 'demo' });
  await store.settings.set(SETTING, { path, at: (options.now ?? new Date()).toISOString(), imported: report.imported });
  return report;
}
