import type { Store } from '../storage/store.js';
import type { Classifier } from '../types.js';

export interface ReclassifyOptions {
  classifier: Classifier;
  /** Items per transaction (default 500). */
  batchSize?: number;
  /** Only items whose stored classification came from another version (default: all). */
  onlyOutdated?: boolean;
  now?: () => Date;
  onProgress?: (done: number, total: number) => void;
}

export interface ReclassifyResult {
  total: number;
  classified: number;
  skipped: number;
  flagged: number;
  version: string;
}

/**
 * Re-runs the classifier over stored items after a rules or model change, batch by batch (one
 * transaction per batch), keeping everything else about the items untouched.
 */
export async function reclassifyStored(store: Store, options: ReclassifyOptions): Promise<ReclassifyResult> {
  const size = options.batchSize ?? 500;
  const total = (await store.stats.summary()).items;
  const result: ReclassifyResult = { total, classified: 0, skipped: 0, flagged: 0, version: options.classifier.version };
  let batch: Parameters<Store['classifications']['saveMany']>[0] = [];
  let seen = 0;
  const flush = async () => {
    if (batch.length === 0) return;
    const entries = batch;
    batch = [];
    await store.write(() => store.classifications.saveMany(entries));
  };
  for await (const item of store.items.iterate(size)) {
    seen++;
    if (options.onlyOutdated) {
      const stored = await store.classifications.get(item.id);
      if (stored?.version === options.classifier.version) {
        result.skipped++;
        continue;
      }
    }
    const c = options.classifier.classify({ text: item.text, title: item.title ?? undefined });
    if (c) {
      batch.push({ itemId: item.id, classification: c, classifiedAt: (options.now?.() ?? new Date()).toISOString() });
      result.classified++;
      if (c.labels.length > 0) result.flagged++;
    } else result.skipped++;
    if (batch.length >= size) {
      await flush();
      options.onProgress?.(seen, total);
    }
  }
  await flush();
  options.onProgress?.(seen, total);
  return result;
}
