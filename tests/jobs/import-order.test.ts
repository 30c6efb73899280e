import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { importFile } from '../../src/jobs/import-file.js';
import type { Store } from '../../src/storage/store.js';
import { distinctPosts, keywordClassifier, SECRET, tempStore } from '../helpers/foundation.js';

// importFile prepares batch k+1 while batch k is stored. A short last batch used to overtake a long
// one still being prepared and commit first, so ids no longer followed the file and a resumed
// import after a crash could not rely on "the first n rows are in".
let store: Store;
let dir: string;
beforeEach(async () => {
  ({ store, dir } = await tempStore());
});
afterEach(async () => {
  await store.close();
});

describe('import order', () => {
  it('commits batches in file order: ids follow the rows, a short last batch included', async () => {
    const texts = distinctPosts(2001, 11, 30);
    const path = join(dir, 'rows.jsonl');
    writeFileSync(path, texts.map((text) => JSON.stringify({ text })).join('\n'));
    const report = await importFile(store, path, { classifier: keywordClassifier, secret: SECRET, batchSize: 2000 });
    expect(report.imported).toBe(2001);
    const rows = await store.db.all<{ id: number; text: string }>('SELECT id, text FROM items ORDER BY id');
    expect(rows.map((r) => r.text)).toEqual(texts);
  });
});
