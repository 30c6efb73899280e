import { SIMHASH_STOP_UNIGRAMS } from '../pipeline/simhash-stoplist.js';
import { foldText } from '../text/index.js';
import { FeatureIndex } from './feature-index.js';
import { logistic } from './logistic-regression.js';
import type { ModelFile } from './model-schema.js';
import { dot, type SparseVector } from './sparse.js';
import type { TokenStream } from './token-stream.js';

export interface FeatureWeight {
  feature: string;
  weight: number;
}

/** A trained TF-IDF + one-vs-rest logistic regression model, ready to score token streams. */
export class TextModel {
  readonly labels: readonly string[];
  readonly vocabulary: Map<string, number>;
  readonly idf: Float64Array;
  private readonly weights: Map<string, Float64Array>;
  /** Its vocabulary's index; may be a larger index whose vocabulary starts with this one. */
  index: FeatureIndex;
  // Scratch term counts indexed by feature, zeroed again after each use (classification is synchronous).
  private readonly scratch: Float64Array;
  /** Per feature: whether a reviewer learns anything from it (not a function syllable, number or letter). */
  private readonly shown: boolean[];

  constructor(readonly file: ModelFile) {
    this.labels = file.labels;
    this.vocabulary = new Map(file.vocabulary.map((f, i) => [f, i]));
    this.idf = Float64Array.from(file.idf);
    this.weights = new Map(file.labels.map((l) => [l, Float64Array.from(file.weights[l])]));
    this.scratch = new Float64Array(file.vocabulary.length);
    this.index = new FeatureIndex(file.vocabulary);
    this.shown = file.vocabulary.map(worthShowing);
  }

  /**
   * Looks features up through `index` instead, built over this model's vocabulary followed by more
   * features (the claim matcher's): one lookup per post then serves both.
   */
  shareIndex(index: FeatureIndex, vocabulary: readonly string[]): void {
    const own = this.file.vocabulary;
    if (vocabulary.length < own.length || own.some((f, j) => vocabulary[j] !== f)) {
      throw new Error('shared feature index must start with the model vocabulary');
    }
    this.index = index;
  }

  /** TF-IDF vector of the stream: sublinear tf, smoothed idf, l2-normalised (as in training). */
  vectorize(stream: TokenStream): SparseVector {
    const v = this.index.lookup(stream);
    const counts = this.scratch;
    const touched: number[] = [];
    const size = this.idf.length;
    for (const list of [v.uni, v.bi, v.nuni, v.nbi]) {
      for (let i = 0; i < list.length; i++) {
        const j = list[i];
        if (j < 0 || j >= size) continue;
        if (counts[j] === 0) touched.push(j);
        counts[j]++;
      }
    }
    const idx = Int32Array.from(touched);
    const val = new Float64Array(idx.length);
    let norm = 0;
    for (let k = 0; k < idx.length; k++) {
      const j = idx[k];
      val[k] = (1 + Math.log(counts[j])) * this.idf[j];
      norm += val[k] * val[k];
      counts[j] = 0;
    }
    norm = Math.sqrt(norm) || 1;
    for (let k = 0; k < val.length; k++) val[k] /= norm;
    return { idx, val };
  }

  probability(label: string, x: SparseVector): number {
    const w = this.weights.get(label);
    if (!w) throw new Error(`model has no label "${label}"`);
    return logistic(dot(w, x) + this.file.bias[label]);
  }

  predict(x: SparseVector): Record<string, number> {
    const out: Record<string, number> = {};
    for (const l of this.labels) out[l] = this.probability(l, x);
    return out;
  }

  /** The features that pushed this text towards the label most (weight × tf-idf value). */
  topFeatures(label: string, x: SparseVector, k = 5): FeatureWeight[] {
    const w = this.weights.get(label);
    if (!w) return [];
    // Keep the k best in a small sorted array: posts have hundreds of features, we show five.
    const best: { j: number; c: number }[] = [];
    for (let i = 0; i < x.idx.length; i++) {
      if (!this.shown[x.idx[i]]) continue;
      const c = w[x.idx[i]] * x.val[i];
      if (c <= 0 || (best.length === k && c <= best[k - 1].c)) continue;
      let at = best.length;
      while (at > 0 && best[at - 1].c < c) at--;
      best.splice(at, 0, { j: x.idx[i], c });
      if (best.length > k) best.pop();
    }
    return best.map((b) => ({ feature: readableFeature(this.file.vocabulary[b.j]), weight: round(b.c, 4) }));
  }

  /** Idf of a feature, or undefined when it is not in the vocabulary. */
  idfOf(feature: string): number | undefined {
    const j = this.vocabulary.get(feature);
    return j === undefined ? undefined : this.idf[j];
  }
}

/**
 * Features shown to reviewers skip function syllables ("là", "sẽ", "của"), numbers and single
 * letters, alone or as a pair of them: they weigh in the model but explain nothing. A syllable
 * fragment of a longer word ("ty" of "công ty") is in the same list, being also a number word.
 */
export function worthShowing(feature: string): boolean {
  const syllables = foldText(readableFeature(feature)).split(' ');
  return syllables.some((t) => t.length > 1 && !/^[\d.,]+$/.test(t) && !SIMHASH_STOP_UNIGRAMS.has(t));
}

/** "nn:nợ lương" → "nợ lương": the prefix only tells spellings apart inside the model. */
export function readableFeature(f: string): string {
  const colon = f.indexOf(':');
  return colon >= 0 ? f.slice(colon + 1) : f;
}

export function round(x: number, digits: number): number {
  const p = 10 ** digits;
  return Math.round(x * p) / p;
}
