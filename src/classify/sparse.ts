/** A sparse vector: feature indices (ascending) and their values. */
export interface SparseVector {
  idx: Int32Array;
  val: Float64Array;
}

export const EMPTY_VECTOR: SparseVector = { idx: new Int32Array(0), val: new Float64Array(0) };

/** TF-IDF with sublinear term frequency (1 + ln tf) and l2 normalisation. */
export function tfidfVector(counts: Map<string, number>, vocab: Map<string, number>, idf: ArrayLike<number>): SparseVector {
  const pairs: [number, number][] = [];
  for (const [f, c] of counts) {
    const j = vocab.get(f);
    if (j !== undefined) pairs.push([j, (1 + Math.log(c)) * idf[j]]);
  }
  pairs.sort((a, b) => a[0] - b[0]);
  const idx = new Int32Array(pairs.length);
  const val = new Float64Array(pairs.length);
  let norm = 0;
  for (let k = 0; k < pairs.length; k++) norm += pairs[k][1] * pairs[k][1];
  norm = Math.sqrt(norm) || 1;
  for (let k = 0; k < pairs.length; k++) {
    idx[k] = pairs[k][0];
    val[k] = pairs[k][1] / norm;
  }
  return { idx, val };
}

/** Smoothed inverse document frequency, as in scikit-learn: ln((1 + n) / (1 + df)) + 1. */
export function smoothIdf(docs: number, df: number): number {
  return Math.log((1 + docs) / (1 + df)) + 1;
}

export function dot(w: ArrayLike<number>, x: SparseVector): number {
  let s = 0;
  for (let k = 0; k < x.idx.length; k++) s += w[x.idx[k]] * x.val[k];
  return s;
}
