// Near-duplicate lookup against 1,000,000 stored fingerprints (npm run bench -- neardup).
// The table is filled directly through the items repository with short texts, so building it
// takes seconds rather than a full ingest; the fingerprints come from Zipf-distributed syllables,
// which skew simhash bands the way real text does (uniform random fingerprints would flatter us).
// Also printed: distinct candidate rows per lookup (uniform fingerprints would give ~61 at 1M).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { simhash, type Simhash } from '../src/pipeline/simhash.js';
import { SIMHASH_STOP_UNIGRAMS } from '../src/pipeline/simhash-stoplist.js';
import type { NewItem } from '../src/storage/items.js';
import { openStore } from '../src/storage/store.js';
import { makeRng } from './foundation-data.js';

const COUNT = Number(process.env.KC_BENCH_NEARDUP_COUNT ?? 1_000_000);
const LOOKUPS = 10_000;
const emit = (name: string, value: number, unit: string) => process.stdout.write(`${JSON.stringify({ name, value, unit })}\n`);

const rnd = makeRng(11);
const VOCAB = 6000;
// As in real text, the most frequent ranks are the common syllables the fingerprint skips as unigrams.
const COMMON = [...SIMHASH_STOP_UNIGRAMS];
// Zipf(s = 1) over the vocabulary via the inverse CDF table.
const cdf = new Float64Array(VOCAB);
for (let i = 0, sum = 0; i < VOCAB; i++) cdf[i] = sum += 1 / (i + 1);
for (let i = 0; i < VOCAB; i++) cdf[i] /= cdf[VOCAB - 1];
const word = () => {
  const u = rnd();
  let lo = 0;
  let hi = VOCAB - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (cdf[mid] < u) lo = mid + 1;
    else hi = mid;
  }
  return lo < COMMON.length ? COMMON[lo] : `w${lo}`;
};
const fingerprint = () => simhash(Array.from({ length: 30 + Math.floor(rnd() * 120) }, word));

const dir = mkdtempSync(join(tmpdir(), 'kc-bench-neardup-'));
try {
  const store = await openStore(join(dir, 'kc.db'));
  await store.sources.ensureMany([{ id: 'bench', type: 'import' }]);
  const sample: Simhash[] = [];
  const t0 = performance.now();
  const BATCH = 10_000;
  for (let start = 0; start < COUNT; start += BATCH) {
    const items: NewItem[] = [];
    for (let i = start; i < Math.min(COUNT, start + BATCH); i++) {
      const s = fingerprint();
      if (i % Math.floor(COUNT / LOOKUPS) === 0) sample.push(s);
      items.push({
        id: i + 1, sourceId: 'bench', unit: null, url: null, canonicalUrl: null, title: null, text: 'x', folded: 'x',
        contentHash: i.toString(16).padStart(16, '0'), simhash: s, authorPseudonym: null, rawAuthor: null,
        publishedAt: null, collectedAt: '2025-01-01T00:00:00.000Z',
      });
    }
    await store.db.write(() => store.items.insertMany(items));
  }
  emit(`neardup_build_${COUNT}_rows_seconds`, +((performance.now() - t0) / 1000).toFixed(1), 's');

  // Half the lookups are stored fingerprints with 0–3 bits flipped (must hit), half are new texts.
  const queries: Simhash[] = [];
  for (let i = 0; i < LOOKUPS; i++) {
    if (i % 2 === 0) {
      const s = { ...sample[(i / 2) % sample.length] };
      for (let f = 0; f < i % 4; f++) {
        const bit = Math.floor(rnd() * 64);
        if (bit < 32) s.hi = (s.hi ^ (1 << bit)) >>> 0;
        else s.lo = (s.lo ^ (1 << (bit - 32))) >>> 0;
      }
      queries.push(s);
    } else queries.push(fingerprint());
  }
  let hits = 0;
  let candidates = 0;
  for (const q of queries.slice(0, 200)) await store.items.findNearDuplicate(q); // warm the page cache
  const t1 = performance.now();
  for (const q of queries) if (await store.items.findNearDuplicate(q)) hits++;
  const micros = ((performance.now() - t1) * 1000) / LOOKUPS;
  for (const q of queries.slice(0, 1000)) {
    candidates += (await store.items.dedupeCandidates([{ contentHash: '', canonicalUrl: null, simhash: q }])).length;
  }
  emit(`neardup_lookup_at_${COUNT}`, +micros.toFixed(1), 'µs/lookup');
  emit('neardup_lookup_hit_rate', +(hits / LOOKUPS).toFixed(3), 'ratio');
  emit('neardup_candidates_per_lookup', +(candidates / 1000).toFixed(1), 'rows');
  await store.close();
} finally {
  rmSync(dir, { recursive: true, force: true });
}
