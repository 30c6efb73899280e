import { rmSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import type { Store } from '../storage/store.js';

/**
 * Deletes the evidence files of items about to be purged (the rows go with the items by
 * ON DELETE CASCADE; the files would not). Call before deleting the items. Only paths inside
 * <dataDir>/evidence are touched. Returns how many files were removed.
 */
export async function purgeEvidenceFiles(store: Store, dataDir: string, itemIds: number[]): Promise<number> {
  const root = resolve(dataDir, 'evidence');
  let removed = 0;
  const dirs = new Set<string>();
  for (const rel of await store.evidence.filesFor(itemIds)) {
    const abs = resolve(dataDir, rel);
    if (relative(root, abs).startsWith('..')) continue;
    rmSync(abs, { force: true });
    removed++;
    dirs.add(dirname(abs));
  }
  // Per-item folders are empty now; remove them too (never the evidence root).
  for (const d of dirs) if (d !== root && d.startsWith(join(root, '/'))) rmSync(d, { recursive: true, force: true });
  return removed;
}
