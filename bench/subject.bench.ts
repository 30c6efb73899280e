// Data-subject requests over a database of 1,000,000 items (KC_BENCH_SUBJECT_ITEMS to change):
// find, export and delete for one handle (40 posts, 20 later copies) and for one URL. There is
// deliberately no author index (migration 008), so a handle lookup is a full scan of items and
// item_sightings; this measures what that costs. Also: ingest with a non-empty suppression list.
// Works on a copy of the UI bench database, deleted afterwards. Prints JSON lines; never fails on time.
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { NullClassifier } from '../src/classify/null-classifier.js';
import { ingest } from '../src/jobs/ingest.js';
import { pseudonymize } from '../src/privacy/pseudonymize.js';
import { subjectHash } from '../src/privacy/subject-hash.js';
import { createRequest, eraseForRequest, exportForRequest, findForRequest } from '../src/review/subject-service.js';
import { openStore } from '../src/storage/store.js';
import { makePost, makeRng } from './foundation-data.js';
import { ensureUiDatabase } from './ui-data.js';

const COUNT = Number(process.env.KC_BENCH_SUBJECT_ITEMS ?? 1_000_000);
const BASE = resolve(`data/bench/ui-v2-${COUNT}.db`);
const WORK = resolve(`data/bench/subject-work-${COUNT}.db`);
const SECRET = 'b'.repeat(64);
const HANDLE = 'bench.subject.handle';
const TZ = 'Asia/Ho_Chi_Minh';
const log = (s: string) => process.stderr.write(`${s}\n`);
const emit = (name: string, value: number, unit: string, extra: Record<string, unknown> = {}) =>
  process.stdout.write(`${JSON.stringify({ name, value: Math.round(value * 100) / 100, unit, ...extra })}\n`);
const time = async <T>(fn: () => Promise<T>): Promise<[T, number]> => {
  const t = performance.now();
  const r = await fn();
  return [r, performance.now() - t];
};

await ensureUiDatabase(BASE, COUNT, log);
for (const ext of ['', '-wal', '-shm']) rmSync(`${WORK}${ext}`, { force: true });
mkdirSync(dirname(WORK), { recursive: true });
copyFileSync(BASE, WORK);
log(`copied ${BASE} (${Math.round(statSync(BASE).size / 2 ** 20)} MB)`);
const dataDir = mkdtempSync(join(tmpdir(), 'kc-subject-bench-'));
const actor = { id: null, username: 'bench' };

try {
  let store = await openStore(WORK);
  const pseudonym = pseudonymize(HANDLE, SECRET);
  // The subject: 40 posts spread over the table, 20 later copies of other people's posts.
  const step = Math.floor(COUNT / 40);
  const mine = Array.from({ length: 40 }, (_, i) => 1 + i * step + 7);
  const copiedFrom = Array.from({ length: 20 }, (_, i) => 3 + i * step * 2);
  await store.db.write(async () => {
    for (const id of mine) {
      await store.db.run('UPDATE items SET author_pseudonym = ? WHERE id = ?', [pseudonym, id]);
      await store.db.run('INSERT OR REPLACE INTO item_authors (item_id, raw_author) VALUES (?, ?)', [id, HANDLE]);
    }
    for (const [i, id] of copiedFrom.entries()) {
      await store.db.run("INSERT INTO item_sightings (item_id, source_id, url, author_pseudonym, kind, seen_at) VALUES (?, 'src-1', ?, ?, 'exact', '2026-10-01T00:00:00Z')", [id, `https://mang-xa-hoi.example/copy/${i}`, pseudonym]);
    }
  });
  const sightings = (await store.db.get<{ n: number }>('SELECT count(*) AS n FROM item_sightings'))!.n;
  await store.erasure.checkpoint();
  await store.close();
  store = await openStore(WORK);
  const meta = () => ({ now: new Date() });

  // Baseline: the same ingest while the suppression list is empty (nothing is hashed then).
  const base = makeRng(3);
  const plain = Array.from({ length: 5000 }, (_, i) => ({ text: `${makePost(base)} ${i}`, url: `https://mang-xa-hoi.example/base/${i}`, author: `nguoi${i}` }));
  const [, plainMs] = await time(() => ingest(store, plain, { classifier: new NullClassifier(), secret: SECRET }));
  emit('ingest_without_suppressions', (plain.length / plainMs) * 1000, 'items/s');

  const handleReq = await createRequest(store, { kind: 'deletion', type: 'handle', value: `@${HANDLE}` }, { secret: SECRET, timeZone: TZ, actor, meta: meta() });
  const [found, findMs] = await time(() => findForRequest(store, handleReq, SECRET, actor, meta()));
  emit('subject_find_handle', findMs, 'ms', { items: COUNT, sightings, found: found.itemIds.length, foundSightings: found.sightingIds.length });
  const [exported, exportMs] = await time(() => exportForRequest(store, handleReq, SECRET, actor, meta()));
  emit('subject_export_handle', exportMs, 'ms', { exportedItems: exported.counts.items, bytes: JSON.stringify(exported).length });
  const [erased, eraseMs] = await time(() => eraseForRequest(store, handleReq, { secret: SECRET, dataDir, actor, meta: meta() }));
  emit('subject_delete_handle', eraseMs, 'ms', { erased: erased.items, sightings: erased.sightings, suppressed: erased.suppressed, deleted: erased.erase.deleted, scrubbed: erased.erase.scrubbed });

  const url = (await store.db.get<{ url: string }>('SELECT url FROM items WHERE id = ?', [COUNT - 11]))!.url;
  const urlReq = await createRequest(store, { kind: 'deletion', type: 'url', value: url }, { secret: SECRET, timeZone: TZ, actor, meta: meta() });
  const [urlFound, urlFindMs] = await time(() => findForRequest(store, urlReq, SECRET, actor, meta()));
  emit('subject_find_url', urlFindMs, 'ms', { found: urlFound.itemIds.length });
  const [, urlEraseMs] = await time(() => eraseForRequest(store, urlReq, { secret: SECRET, dataDir, actor, meta: meta() }));
  emit('subject_delete_url', urlEraseMs, 'ms');

  // Ingest with a non-empty suppression list: every item is hashed (author, URL) and looked up.
  const rnd = makeRng(7);
  const raws = Array.from({ length: 5000 }, (_, i) => ({ text: `${makePost(rnd)} ${i}`, url: `https://mang-xa-hoi.example/new/${i}`, author: i % 100 === 0 ? HANDLE : `nguoi${i}` }));
  // The check alone, as ingest does it per batch: two keyed hashes per item and one lookup.
  const [, checkMs] = await time(async () => {
    for (let i = 0; i < raws.length; i += 500) {
      const hashes = raws.slice(i, i + 500).flatMap((r) => [subjectHash('handle', r.author, SECRET), subjectHash('url', r.url, SECRET)]);
      await store.suppressions.has(hashes);
    }
  });
  emit('suppression_check', (checkMs * 1000) / raws.length, 'µs/item', { suppressions: (await store.suppressions.count()).handle + (await store.suppressions.count()).url });
  const [r, ingestMs] = await time(() => ingest(store, raws, { classifier: new NullClassifier(), secret: SECRET }));
  emit('ingest_with_suppressions', (raws.length / ingestMs) * 1000, 'items/s', { imported: r.imported, suppressed: r.suppressed });
  await store.close();
} finally {
  for (const ext of ['', '-wal', '-shm']) rmSync(`${WORK}${ext}`, { force: true });
  rmSync(dataDir, { recursive: true, force: true });
}
