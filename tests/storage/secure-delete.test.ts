import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { eraseItems } from '../../src/privacy/erase-items.js';
import { ingest } from '../../src/jobs/ingest.js';
import { openStore, type Store } from '../../src/storage/store.js';
import { keywordClassifier, SECRET, tempDir } from '../helpers/foundation.js';

let dir: string;
let dbPath: string;
let store: Store;
beforeEach(async () => {
  dir = tempDir('kc-secdel-');
  dbPath = join(dir, 'kc.db');
  store = await openStore(dbPath);
});
afterEach(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

it('every connection overwrites deleted content, so rows rewritten before an erasure leave no stale copies', async () => {
  expect(await store.db.get('PRAGMA secure_delete')).toEqual({ secure_delete: 1 });
  // Distinct posts (no two near-duplicates): words drawn from a syllable list with a fixed seed.
  const SYL = 'ba ca da ga ha la ma na pha qua ra sa ta tha tra va xa be ce de ge he le me ne bo co do go ho lo mo no'.split(' ');
  let seed = 7;
  const word = () => SYL[(seed = (seed * 1103515245 + 12345) % 2 ** 31) % SYL.length];
  const posts = Array.from({ length: 40 }, (_, i) => ({
    text: `Bài ${i} Qarvelintok${i}x nói về tiền lương ${Array.from({ length: 30 + i }, word).join(' ')}`, url: `https://x.example/p/${i}`,
  }));
  const { ids } = await ingest(store, posts, { classifier: keywordClassifier, secret: SECRET, now: new Date('2026-01-01T00:00:00Z') });
  expect(ids).toHaveLength(40);
  // Review work rewrites the rows (a longer row moves to another cell, leaving the old one as free space).
  for (let k = 1; k <= 4; k++) {
    await store.db.write(() => store.db.run(`UPDATE items SET status = 'in_review', status_changed_at = ?`, [`2026-01-0${k}T00:00:00Z${'.'.repeat(k * 20)}`]));
  }
  await store.erasure.checkpoint();
  await eraseItems(store, { dataDir: dir, ids: ids.slice(0, 20) });
  const bytes = readFileSync(dbPath);
  const left = ids.slice(0, 20).map((_, i) => i).filter((i) => bytes.includes(Buffer.from(`Qarvelintok${i}x`)));
  expect(left).toEqual([]);
  expect(bytes.includes(Buffer.from('Qarvelintok25x'))).toBe(true);
});
