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
  /** Sentences longer than this many syllables are compared in sliding windows of this size. */
  window?: number;
}

// Shorter stretches share too few words with a claim for their cosine to mean anything.
const MIN_WINDOW = 6;

interface Posting {
  text: number;
  weight: number;
}

/**
 * TF-IDF cosine similarity between posts and a set of documents (known claims, or the members of a
 * claim group), over folded unigrams and bigrams so that spelling with or without diacritics does
 * not matter. Scores are the best cosine over the whole post and over sliding windows of it.
 */
export class ClaimMatcher {
  private readonly postings = new Map<string, Posting[]>();
  private readonly textDoc: number[] = [];
  private readonly idf: (f: string) => number;
  private readonly window: number;

  constructor(readonly docs: ClaimDoc[], options: ClaimMatcherOptions = {}) {
    this.window = options.window ?? 60;
    const streams: { doc: number; counts: Map<string, number> }[] = [];
    docs.forEach((d, di) => {
      for (const t of d.texts) {
        const s = streamOf({ text: t });
        if (s.length > 0) streams.push({ doc: di, counts: countFoldedFeatures(s) });
      }
    });
    if (options.idf) {
      const known = options.idf;
      // Features the idf source has never seen are rarer than anything it has: give them its maximum.
      let max = 1;
      for (const { counts } of streams) for (const f of counts.keys()) max = Math.max(max, known(f) ?? 0);
      const fallback = max;
      this.idf = (f) => known(f) ?? fallback;
    } else {
      const df = new Map<string, number>();
      for (const { counts } of streams) for (const f of counts.keys()) df.set(f, (df.get(f) ?? 0) + 1);
      const n = streams.length;
      this.idf = (f) => smoothIdf(n, df.get(f) ?? 0);
    }
    streams.forEach(({ doc, counts }, ti) => {
      this.textDoc.push(doc);
      const weights = this.weigh(counts);
      for (const [f, w] of weights) {
        const list = this.postings.get(f);
        if (list) list.push({ text: ti, weight: w });
        else this.postings.set(f, [{ text: ti, weight: w }]);
      }
    });
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
    if (this.postings.size > 0 && stream.length > 0) {
      const ranges = this.windows(stream);
      const scores = new Float64Array(this.textDoc.length);
      for (const [from, to] of ranges) {
        scores.fill(0);
        for (const [f, weight] of this.weigh(countFoldedFeatures(stream, from, to))) {
          const list = this.postings.get(f);
          if (list) for (const p of list) scores[p.text] += weight * p.weight;
        }
        for (let t = 0; t < scores.length; t++) if (scores[t] > best[this.textDoc[t]]) best[this.textDoc[t]] = scores[t];
      }
    }
    const min = options.min ?? 0;
    const hits: ClaimHit[] = [];
    best.forEach((s, di) => {
      if (s > 0 && s >= min) hits.push({ id: this.docs[di].id, similarity: Math.min(1, s) });
    });
    hits.sort((a, b) => b.similarity - a.similarity);
    return options.limit !== undefined ? hits.slice(0, options.limit) : hits;
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
