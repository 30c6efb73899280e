import type { TokenStream } from './token-stream.js';

/**
 * Per token position: the index of each of its features in a vocabulary, or -1. `nuni`/`nbi` are
 * empty when the vocabulary has no normalised unigrams/bigrams at all.
 */
export interface PositionFeatures {
  uni: Int32Array;
  bi: Int32Array;
  nuni: Int32Array;
  nbi: Int32Array;
}

/** Stands for "no such features at any position" (read only where the index has them). */
const NONE = new Int32Array(0);

/** What the vocabulary knows about one syllable spelling. */
interface Syllable {
  /** Index of its unigram feature, or -1. */
  uni: number;
  /** Index of the bigram (this syllable, next syllable) by the next syllable's record. */
  next: Map<Syllable, number> | null;
}

/**
 * Looks up a stream's features ("f:x", "n:x", "ff:x y", "nn:x y", see features.ts) in a fixed
 * vocabulary without building the feature strings: one map lookup per syllable and spelling, and
 * bigrams through the previous syllable's record. This is what keeps classification within a few
 * times the cost of normalisation. Results are kept on the stream for later users of the same index.
 */
export class FeatureIndex {
  readonly size: number;
  // Null-prototype dictionaries: faster than Map for string keys in V8, and safe for any key.
  private readonly fold: Record<string, Syllable | undefined> = Object.create(null);
  private readonly norm: Record<string, Syllable | undefined> = Object.create(null);
  private hasNormUni = false;
  private hasNormBi = false;

  constructor(vocabulary: readonly string[]) {
    this.size = vocabulary.length;
    const syllable = (map: Record<string, Syllable | undefined>, s: string): Syllable => {
      let rec = map[s];
      if (!rec) map[s] = rec = { uni: -1, next: null };
      return rec;
    };
    vocabulary.forEach((f, j) => {
      const colon = f.indexOf(':');
      const kind = f.slice(0, colon);
      const body = f.slice(colon + 1);
      if (kind === 'f') syllable(this.fold, body).uni = j;
      else if (kind === 'n') {
        syllable(this.norm, body).uni = j;
        this.hasNormUni = true;
      }
      else if (kind === 'ff' || kind === 'nn') {
        const space = body.indexOf(' ');
        if (space < 0) return;
        const map = kind === 'ff' ? this.fold : this.norm;
        if (kind === 'nn') this.hasNormBi = true;
        const a = syllable(map, body.slice(0, space));
        const b = syllable(map, body.slice(space + 1));
        (a.next ??= new Map()).set(b, j);
      }
    });
  }

  lookup(stream: TokenStream): PositionFeatures {
    const cached = stream.positions?.find((p) => p.index === this);
    if (cached) return cached.features;
    const n = stream.length;
    const out: PositionFeatures = {
      uni: new Int32Array(n),
      bi: new Int32Array(n),
      nuni: this.hasNormUni ? new Int32Array(n) : NONE,
      nbi: this.hasNormBi ? new Int32Array(n) : NONE,
    };
    let prevFold: Syllable | undefined;
    let prevNorm: Syllable | undefined;
    let prevAccented = false;
    for (let i = 0; i < n; i++) {
      const f = stream.fold[i];
      const m = stream.norm[i];
      const accented = m !== f;
      const fr = this.fold[f];
      // Normalised features exist only for accented syllables (and bigrams touching one).
      const nr = (accented && this.hasNormUni) || this.hasNormBi ? this.norm[m] : undefined;
      out.uni[i] = fr ? fr.uni : -1;
      if (this.hasNormUni) out.nuni[i] = accented && nr ? nr.uni : -1;
      const joined = i > 0 && !stream.brk[i];
      out.bi[i] = joined && fr && prevFold?.next ? (prevFold.next.get(fr) ?? -1) : -1;
      if (this.hasNormBi) out.nbi[i] = joined && nr && prevNorm?.next && (accented || prevAccented) ? (prevNorm.next.get(nr) ?? -1) : -1;
      prevFold = fr;
      prevNorm = nr;
      prevAccented = accented;
    }
    (stream.positions ??= []).push({ index: this, features: out });
    return out;
  }
}
