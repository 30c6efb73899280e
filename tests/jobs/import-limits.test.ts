import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { importFile } from '../../src/jobs/import-file.js';
import { MAX_ROW_BYTES, MAX_TEXT_CHARS } from '../../src/jobs/read-rows.js';
import type { Store } from '../../src/storage/store.js';
import { distinctPosts, nullClassifier, SECRET, tempStore } from '../helpers/foundation.js';

// Issue 14, finding 11: one 21 MB JSONL row took 27.7 s and 2.6 GB RSS. A row is capped at
// MAX_ROW_BYTES (1 MiB, never buffered beyond that) and its text at MAX_TEXT_CHARS; either is a
// line-numbered rejection, and the rows after it are still imported.
let store: Store;
let dir: string;
beforeEach(async () => {
  ({ store, dir } = await tempStore());
});
afterEach(async () => {
  await store.close();
});
const opts = { classifier: nullClassifier, secret: SECRET };
const [a, b, c] = distinctPosts(3);

describe('import size limits', () => {
  it('rejects an oversized JSONL row and an oversized text with their line numbers, and imports the rest', async () => {
    const path = join(dir, 'big.jsonl');
    const rows = [
      JSON.stringify({ text: a }),
      JSON.stringify({ text: 'x'.repeat(3 * MAX_ROW_BYTES) }),
      JSON.stringify({ text: 'ư'.repeat(MAX_TEXT_CHARS + 1) }),
      JSON.stringify({ text: b }),
      JSON.stringify({ text: c }),
    ];
    writeFileSync(path, `${rows.join('\r\n')}\n`);
    const report = await importFile(store, path, opts);
    expect(report.imported).toBe(3);
    expect(report.rejected.map((r) => r.line)).toEqual([2, 3]);
    expect(report.rejected[0].error).toMatch(/row is larger than 1 MB/);
    expect(report.rejected[1].error).toMatch(/text: longer than 200000 characters/);
  });

  it('accepts a text right at the cap', async () => {
    const path = join(dir, 'edge.jsonl');
    writeFileSync(path, `${JSON.stringify({ text: `${a} ${'ơ'.repeat(MAX_TEXT_CHARS - a.length - 1)}` })}\n`);
    expect((await importFile(store, path, opts)).imported).toBe(1);
  });

  it('rejects an oversized CSV row with its line and says the rest was not read', async () => {
    const path = join(dir, 'big.csv');
    writeFileSync(path, `text,title\n"${a}",một\n"${'x'.repeat(2 * MAX_ROW_BYTES)}",hai\n"${b}",ba\n`);
    const report = await importFile(store, path, opts);
    expect(report.imported).toBe(1);
    expect(report.rejected).toHaveLength(1);
    expect(report.rejected[0].line).toBe(3);
    expect(report.rejected[0].error).toMatch(/row is larger than 1 MB.*not read/);
  });
});
