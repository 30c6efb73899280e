// Builds (once, then reuses) a large review database for bench/ui.bench.ts: synthetic posts
// inserted through the storage layer's batch functions, ~25% flagged, spread over units, sources,
// statuses and half a year of collection dates. Deterministic; no real people.
import { existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { dirname } from 'node:path';
import type { ClassificationEntry } from '../src/storage/classifications.js';
import type { NewItem } from '../src/storage/items.js';
import { openStore } from '../src/storage/store.js';
import { foldText } from '../src/text/index.js';
import type { Classification, ItemStatus, Reason } from '../src/types.js';
import { makePost, makeRng } from './foundation-data.js';

export const UNITS = Array.from({ length: 8 }, (_, i) => `cd-unit-${i}`);
export const SOURCES = Array.from({ length: 30 }, (_, i) => ({ id: `src-${i}`, unit: UNITS[i % UNITS.length] }));
const LABELS = ['covid_false', 'union_org', 'grievance'];
const START = Date.UTC(2026, 4, 1);
const BATCH = 5000;
const TAILS = ['Hà Nội', 'Bắc Ninh', 'Bình Dương', 'Đồng Nai', 'Hải Phòng', 'Thái Nguyên', 'Long An', 'Cần Thơ', 'Đà Nẵng', 'Nghệ An', 'Thanh Hoá'];

function classify(rnd: () => number, text: string): Classification {
  const r = rnd();
  const label = r < 0.1 ? 'covid_false' : r < 0.15 ? 'union_org' : r < 0.27 ? 'grievance' : null;
  const scores = Object.fromEntries(LABELS.map((l) => [l, l === label ? 0.5 + rnd() * 0.5 : rnd() * 0.4]));
  const space = text.indexOf(' ', 10);
  const reasons: Reason[] = label
    ? [
        { kind: 'rule', label, ruleId: `${label}.synthetic`, weight: 0.7, spans: [{ start: 0, end: space > 0 ? space : 5 }] },
        { kind: 'model', label, features: [{ feature: 'cong nhan', weight: 0.4 }], probability: scores[label] },
      ]
    : [];
  return { labels: label ? [label] : [], scores, reasons, version: 'bench-1' };
}

const CONSONANTS = ['b', 'c', 'd', 'đ', 'g', 'h', 'kh', 'l', 'm', 'n', 'ng', 'nh', 'ph', 'qu', 'r', 's', 't', 'th', 'tr', 'v', 'x'];
const RHYMES = ['a', 'ai', 'am', 'an', 'ang', 'anh', 'ao', 'at', 'au', 'ay', 'e', 'em', 'en', 'eo', 'i', 'im', 'in', 'inh', 'it', 'o', 'oi', 'om', 'on', 'ong', 'ot', 'u', 'ui', 'um', 'un', 'ung', 'ut', 'uy'];
/** A pseudo-word from a vocabulary of ~42,000 (two syllables run together): a rare-ish term. */
function rareWord(rnd: () => number): string {
  const syl = (n: number) => CONSONANTS[Math.floor(rnd() * CONSONANTS.length)] + RHYMES[Math.floor(rnd() * n)];
  return `${syl(RHYMES.length)}${syl(3)}`;
}

function status(rnd: () => number): ItemStatus {
  const r = rnd();
  return r < 0.85 ? 'new' : r < 0.9 ? 'in_review' : r < 0.95 ? 'decided' : r < 0.97 ? 'response_drafted' : 'closed';
}

/** Path of a database with `count` items, built into a temp file and renamed when complete. */
export async function ensureUiDatabase(path: string, count: number, log: (s: string) => void): Promise<void> {
  if (existsSync(path)) {
    const store = await openStore(path);
    const n = await store.items.count();
    await store.close();
    if (n === count) return;
    log(`rebuilding ${path}: has ${n} items, want ${count}`);
  }
  mkdirSync(dirname(path), { recursive: true });
  const tmp = `${path}.building`;
  for (const f of [tmp, `${tmp}-wal`, `${tmp}-shm`]) rmSync(f, { force: true });
  const store = await openStore(tmp);
  await store.db.exec('PRAGMA synchronous = OFF');
  await store.db.exec('PRAGMA cache_size = -262144');
  const rnd = makeRng(42);
  // A pool of generated posts, each item one of them plus a unique tail: generating and folding a
  // million distinct posts would dominate the build without changing what the queries see.
  const pool = Array.from({ length: 4000 }, () => {
    const text = makePost(rnd);
    return { text, folded: foldText(text) };
  });
  const t0 = Date.now();
  await store.db.write(() => store.sources.ensureMany(SOURCES.map((s) => ({ id: s.id, name: `Nguồn ${s.id}`, type: 'rss', unit: s.unit }))));
  for (let start = 1; start <= count; start += BATCH) {
    const items: NewItem[] = [];
    const classes: ClassificationEntry[] = [];
    const statuses: [number, ItemStatus][] = [];
    for (let id = start; id < Math.min(start + BATCH, count + 1); id++) {
      const base = pool[Math.floor(rnd() * pool.length)];
      // Two rarer words per post (each in ~40 posts at 1M) give similar-item search realistic work.
      const tail = `mã ${id} ${TAILS[id % TAILS.length]} ${rareWord(rnd)} ${rareWord(rnd)}`;
      const text = `${base.text} ${tail}`;
      const src = SOURCES[Math.floor(rnd() * SOURCES.length)];
      const at = new Date(START + id * 15_000).toISOString();
      items.push({
        id, sourceId: src.id, unit: src.unit, url: `https://mang-xa-hoi.example/p/${id}`, canonicalUrl: `https://mang-xa-hoi.example/p/${id}`,
        title: rnd() < 0.5 ? text.slice(0, 60) : null, text, folded: `${base.folded} ${foldText(tail)}`, contentHash: `bench-${id}`,
        simhash: { hi: (rnd() * 2 ** 32) >>> 0, lo: (rnd() * 2 ** 32) >>> 0 }, authorPseudonym: `tg-${(id * 2654435761 >>> 0).toString(16)}`,
        rawAuthor: `user${id % 5000}`, publishedAt: at, collectedAt: at,
      } as NewItem);
      classes.push({ itemId: id, classification: classify(rnd, text), classifiedAt: at });
      const s = status(rnd);
      if (s !== 'new') statuses.push([id, s]);
    }
    await store.db.write(async () => {
      await store.items.insertMany(items);
      await store.classifications.saveMany(classes);
      await store.reviewItems.setStatuses(statuses, new Date(START).toISOString());
    });
    if ((start - 1) % 100_000 === 0) log(`  ${start - 1 + items.length}/${count} items (${Math.round((Date.now() - t0) / 1000)} s)`);
  }
  await store.close();
  for (const ext of ['-wal', '-shm']) rmSync(`${path}${ext}`, { force: true });
  renameSync(tmp, path);
  log(`built ${count} items in ${Math.round((Date.now() - t0) / 1000)} s`);
}
