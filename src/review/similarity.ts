import type { Store } from '../storage/store.js';

/** Word bigrams of folded text: order-aware enough to tell claims apart, robust to small edits. */
export function shingles(folded: string): Set<string> {
  const w = folded.split(/\s+/).filter(Boolean);
  const out = new Set<string>();
  for (let i = 0; i + 1 < w.length; i++) out.add(`${w[i]} ${w[i + 1]}`);
  if (w.length === 1) out.add(w[0]);
  return out;
}

/** Cosine of two binary shingle sets, in [0, 1]. */
export function setCosine(a: Set<string>, b: Set<string>): number {
  if (a.size === 0 || b.size === 0) return 0;
  const [small, large] = a.size < b.size ? [a, b] : [b, a];
  let shared = 0;
  for (const s of small) if (large.has(s)) shared++;
  return shared / Math.sqrt(a.size * b.size);
}

const MAX_TERMS = 8;
const CANDIDATES = 60;
/** Words looked up per text: the longest distinct ones (long syllables are the less common). */
const PROBE_WORDS = 24;
/**
 * Words in more documents than this say nothing about similarity and make the ranked OR query
 * score a large share of the index; words in a single document (the item itself) match nothing else.
 */
const MAX_DF = 500;
const MIN_DF = 2;

/** The rarest useful words of a text (by capped FTS document frequency) as an OR query. */
export async function distinctiveQuery(store: Store, folded: string): Promise<string | null> {
  const words = [...new Set(folded.slice(0, 4000).split(/\s+/))]
    .filter((w) => w.length >= 2 && !/^\d+$/.test(w))
    .sort((a, b) => b.length - a.length)
    .slice(0, PROBE_WORDS);
  const df = await store.queue.termFrequencies(words, MAX_DF);
  const ranked = words.filter((w) => df.get(w)! >= MIN_DF && df.get(w)! <= MAX_DF).sort((a, b) => df.get(a)! - df.get(b)!);
  const pick = ranked.slice(0, MAX_TERMS);
  return pick.length ? pick.map((t) => `"${t.replace(/"/g, '""')}"`).join(' OR ') : null;
}

export interface SimilarItem {
  id: number;
  unit: string | null;
  similarity: number;
}

/**
 * Items resembling `folded` (an item's or a claim's text): FTS picks candidates, shingle cosine
 * ranks them. `unit` limits results for reviewers; `minSimilarity` drops chance overlaps.
 */
export async function findSimilar(store: Store, folded: string, opts: { exclude?: number[]; unit?: string; limit: number; minSimilarity?: number }): Promise<SimilarItem[]> {
  const match = await distinctiveQuery(store, folded);
  if (!match) return [];
  const ids = (await store.queue.search(match, CANDIDATES, opts.exclude ?? [])).map((r) => r.id);
  const mine = shingles(folded);
  const scored = (await store.reviewItems.folded(ids))
    .filter((r) => opts.unit === undefined || r.unit === opts.unit)
    .map((r) => ({ id: r.id, unit: r.unit, similarity: setCosine(mine, shingles(r.folded)) }))
    .filter((r) => r.similarity >= (opts.minSimilarity ?? 0.1));
  return scored.sort((a, b) => b.similarity - a.similarity || b.id - a.id).slice(0, opts.limit);
}
