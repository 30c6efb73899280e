import { FeatureIndex } from './feature-index.js';
import { countFoldedFeatures } from './features.js';
import { smoothIdf } from './sparse.js';
import { streamOf, type TokenStream } from './token-stream.js';

export interface ClaimDoc {
  id: string;
  /** The statement and its other wordings; an item's similarity to the claim is the best over these. */
  texts: string[];
}

export interface ClaimHit {
  id: string;
  similarity: number;
}

/** Idf of a folded feature ("f:luong", "ff:no luong"), or undefined when unknown. */
export type IdfLookup = (feature: string) => number | undefined;

export interface ClaimMatcherOptions {
  /** Usually the trained model's idf (estimated over thousands of posts); else computed from the docs. */
  idf?: IdfLookup;
  /**
   * The vocabulary and idf of a larger corpus (the trained model's): the matcher's feature index
   * then covers it too, so that a post's words that no claim uses still count in its vector length,
   * and the model can share the index (one lookup per post for both). Without it, words no claim
   * uses get the highest idf.
   */
  background?: { vocabulary: readonly string[]; idf: ArrayLike<number> };
  /** Sentences longer than this many syllables are compared in sliding windows of this size. */
  window?: number;
}

// Shorter stretches share too few words with a claim for their cosine to mean anything.
const MIN_WINDOW = 6;
// Sentences are only compared on their own when the whole post comes this close to some claim.
// A claim quoted in one of n similar sentences keeps about 1/√n of its similarity in the whole
// post: 0.07 still lets a confirm-level quote (0.55) through in a post of some 60 sentences.
const PARTS_GATE = 0.07;
// 1 + ln(c), the sublinear term frequency, for small counts.
const SUBLINEAR = Float64Array.from({ length: 256 }, (_, c) => (c === 0 ? 0 : 1 + Math.log(c)));
const sublinear = (c: number) => (c < 256 ? SUBLINEAR[c] : 1 + Math.log(c));

interface Posting {
  text: number;
  weight: number;
}

/**
 * TF-IDF cosine similarity between posts and a set of documents (known claims, or the members of a
 * claim group), over folded unigrams and bigrams so that spelling with or without diacritics does
 * not matter. Scores are the best cosine over the whole post, its sentences and pairs of adjacent
 * sentences: a claim quoted inside a long article still matches.
 */
export class ClaimMatcher {
  /** Background vocabulary first (if any), then the claim features it lacks. */
  readonly vocabulary: readonly string[];
  readonly index: FeatureIndex;
  /** Per feature of the index: idf, and the claim texts that use it (null when none). */
  private readonly featureIdf: Float64Array;
  private readonly postings: (Posting[] | null)[];
  private readonly textDoc: number[] = [];
  private readonly idf: (f: string) => number;
  private readonly fallbackIdf: number;
  private readonly window: number;
  /** Term counts per feature (zeroed after each window). */
  private readonly counts: Int32Array;

  constructor(readonly docs: ClaimDoc[], options: ClaimMatcherOptions = {}) {
    this.window = options.window ?? 60;
    const streams: { doc: number; counts: Map<string, number> }[] = [];
    docs.forEach((d, di) => {
      for (const t of d.texts) {
        const s = streamOf({ text: t });
        if (s.length > 0) streams.push({ doc: di, counts: countFoldedFeatures(s) });
      }
    });
    const own = [...new Set(streams.flatMap(({ counts }) => [...counts.keys()]))].sort();
    if (options.idf) {
      const known = options.idf;
      // Features the idf source has never seen are rarer than anything it has: give them its maximum.
      let max = 1;
      for (const f of own) max = Math.max(max, known(f) ?? 0);
      this.fallbackIdf = max;
      this.idf = (f) => known(f) ?? max;
    } else {
      const df = new Map<string, number>();
      for (const { counts } of streams) for (const f of counts.keys()) df.set(f, (df.get(f) ?? 0) + 1);
      const n = streams.length;
      this.fallbackIdf = smoothIdf(n, 0);
      this.idf = (f) => smoothIdf(n, df.get(f) ?? 0);
    }
    const bg = options.background;
    const vocabulary = bg ? [...bg.vocabulary] : [];
    const ids = new Map(vocabulary.map((f, j) => [f, j]));
    for (const f of own) {
      if (!ids.has(f)) {
        ids.set(f, vocabulary.length);
        vocabulary.push(f);
      }
    }
    this.vocabulary = vocabulary;
    this.index = new FeatureIndex(vocabulary);
    this.featureIdf = new Float64Array(vocabulary.length);
    vocabulary.forEach((f, j) => {
      this.featureIdf[j] = bg && j < bg.vocabulary.length ? bg.idf[j] : this.idf(f);
    });
    this.postings = new Array(vocabulary.length).fill(null);
    streams.forEach(({ doc, counts }, ti) => {
      this.textDoc.push(doc);
      for (const [f, w] of this.weigh(counts)) (this.postings[ids.get(f)!] ??= []).push({ text: ti, weight: w });
    });
    this.counts = new Int32Array(vocabulary.length);
  }

  private weigh(counts: Map<string, number>): Map<string, number> {
    const out = new Map<string, number>();
    let norm = 0;
    for (const [f, c] of counts) {
      const w = (1 + Math.log(c)) * this.idf(f);
      out.set(f, w);
      norm += w * w;
    }
    norm = Math.sqrt(norm) || 1;
    for (const [f, w] of out) out.set(f, w / norm);
    return out;
  }

  /** Documents most similar to the input, best first. */
  match(input: TokenStream | string, options: { limit?: number; min?: number } = {}): ClaimHit[] {
    const stream = typeof input === 'string' ? streamOf({ text: input }) : input;
    const best = new Float64Array(this.docs.length);
    if (this.textDoc.length > 0 && stream.length > 0) this.score(stream, best);
    const min = options.min ?? 0;
    const hits: ClaimHit[] = [];
    best.forEach((s, di) => {
      if (s > 0 && s >= min) hits.push({ id: this.docs[di].id, similarity: Math.min(1, s) });
    });
    hits.sort((a, b) => b.similarity - a.similarity);
    return options.limit !== undefined ? hits.slice(0, options.limit) : hits;
  }

  /** Best cosine per document over the stream's windows, into `best`. */
  private score(stream: TokenStream, best: Float64Array): void {
    const pos = this.index.lookup(stream);
    const n = stream.length;
    // A part of the post is only worth scoring on its own when it shares a two-syllable phrase
    // with some claim (a quoted claim always does); counted by prefix sums.
    const biPrefix = new Int32Array(n + 1);
    let shared = false;
    for (let i = 0; i < n; i++) {
      const u = pos.uni[i];
      const b = pos.bi[i];
      if (u >= 0 && this.postings[u] !== null) shared = true;
      biPrefix[i + 1] = biPrefix[i] + (b >= 0 && this.postings[b] !== null ? 1 : 0);
    }
    if (!shared && biPrefix[n] === 0) return;
    const { uni, bi } = pos;
    const counts = this.counts;
    const idf = this.featureIdf;
    const scores = new Float64Array(this.textDoc.length);
    const hitTexts: number[] = [];
    const touched: number[] = [];
    const unknownWeight = this.fallbackIdf * this.fallbackIdf;
    for (const [from, to] of this.windows(stream)) {
      const whole = from === 0 && to === n;
      if (!whole) {
        if (biPrefix[to] - biPrefix[from + 1] === 0) continue;
        if (best.every((b) => b < PARTS_GATE)) break;
      }
      touched.length = 0;
      // Words in no vocabulary count once per occurrence, at the highest idf.
      let unknown = 0;
      for (let i = from; i < to; i++) {
        const u = uni[i];
        if (u >= 0) {
          if (counts[u]++ === 0) touched.push(u);
        } else unknown++;
        if (i > from && !stream.brk[i]) {
          const b = bi[i];
          if (b >= 0) {
            if (counts[b]++ === 0) touched.push(b);
          } else unknown++;
        }
      }
      let norm = unknown * unknownWeight;
      for (const j of touched) {
        const w = sublinear(counts[j]) * idf[j];
        norm += w * w;
      }
      norm = Math.sqrt(norm) || 1;
      hitTexts.length = 0;
      for (const j of touched) {
        const list = this.postings[j];
        if (list !== null) {
          const w = (sublinear(counts[j]) * idf[j]) / norm;
          for (const p of list) {
            if (scores[p.text] === 0) hitTexts.push(p.text);
            scores[p.text] += w * p.weight;
          }
        }
        counts[j] = 0;
      }
      for (const t of hitTexts) {
        if (scores[t] > best[this.textDoc[t]]) best[this.textDoc[t]] = scores[t];
        scores[t] = 0;
      }
    }
  }

  /**
   * The whole post, each sentence and each pair of adjacent sentences (long ones cut into sliding
   * windows): a claim is usually one or two sentences, wherever it sits in the post.
   */
  private windows(stream: TokenStream): [number, number][] {
    const ranges: [number, number][] = [[0, stream.length]];
    if (stream.length <= MIN_WINDOW) return ranges;
    const sentences: [number, number][] = [];
    let from = 0;
    for (let i = 1; i <= stream.length; i++) {
      if (i === stream.length || stream.brk[i]) {
        sentences.push([from, i]);
        from = i;
      }
    }
    const w = this.window;
    const add = (a: number, b: number) => {
      if (b - a < MIN_WINDOW || (a === 0 && b === stream.length)) return;
      if (b - a <= w) ranges.push([a, b]);
      else for (let s = a; s < b - w / 2; s += w / 2) ranges.push([s, Math.min(b, s + w)]);
    };
    sentences.forEach(([a, b], k) => {
      add(a, b);
      if (k + 1 < sentences.length) add(a, sentences[k + 1][1]);
    });
    return ranges;
  }

  /** Cosine similarity of two texts under this matcher's idf (for grouping items into claims). */
  similarity(a: string, b: string): number {
    const wa = this.weigh(countFoldedFeatures(streamOf({ text: a })));
    const wb = this.weigh(countFoldedFeatures(streamOf({ text: b })));
    let s = 0;
    for (const [f, w] of wa) s += w * (wb.get(f) ?? 0);
    return Math.min(1, s);
  }
}
