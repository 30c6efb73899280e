import { countFeatures } from './features.js';
import { logistic } from './logistic-regression.js';
import type { ModelFile } from './model-schema.js';
import { dot, tfidfVector, type SparseVector } from './sparse.js';
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

  constructor(readonly file: ModelFile) {
    this.labels = file.labels;
    this.vocabulary = new Map(file.vocabulary.map((f, i) => [f, i]));
    this.idf = Float64Array.from(file.idf);
    this.weights = new Map(file.labels.map((l) => [l, Float64Array.from(file.weights[l])]));
  }

  vectorize(stream: TokenStream): SparseVector {
    return tfidfVector(countFeatures(stream), this.vocabulary, this.idf);
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
    const contrib: FeatureWeight[] = [];
    for (let i = 0; i < x.idx.length; i++) {
      const c = w[x.idx[i]] * x.val[i];
      if (c > 0) contrib.push({ feature: this.file.vocabulary[x.idx[i]], weight: c });
    }
    contrib.sort((a, b) => b.weight - a.weight);
    return contrib.slice(0, k).map((c) => ({ feature: readableFeature(c.feature), weight: round(c.weight, 4) }));
  }

  /** Idf of a feature, or undefined when it is not in the vocabulary. */
  idfOf(feature: string): number | undefined {
    const j = this.vocabulary.get(feature);
    return j === undefined ? undefined : this.idf[j];
  }
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
