import type { FeatureView, TokenStream } from './token-stream.js';

/**
 * Syllable unigrams and bigrams, in two spellings: folded ("f:", "ff:") so that no-diacritic posts
 * share features with accented ones, and normalised ("n:", optionally "nn:") so that accents still
 * tell words apart when they are typed ("độc lập" vs "đọc lập"). Normalised features are only
 * emitted for syllables that carry diacritics; for plain syllables they would duplicate the folded
 * ones. Normalised bigrams measured no better (held-out F1, ReINTEL AUC) and cost time, so models
 * leave them out unless trained with `normBigrams`. Bigrams never span a sentence boundary.
 */
export interface FeatureOptions {
  normBigrams?: boolean;
}

export function featureView(stream: TokenStream): FeatureView {
  if (stream.features) return stream.features;
  const { norm, fold, brk } = stream;
  const n = stream.length;
  const view: FeatureView = { uni: new Array(n), bi: new Array(n), nuni: new Array(n), nbi: new Array(n) };
  for (let i = 0; i < n; i++) {
    const f = fold[i];
    const accented = norm[i] !== f;
    view.uni[i] = 'f:' + f;
    view.nuni[i] = accented ? 'n:' + norm[i] : null;
    const joined = i > 0 && !brk[i];
    view.bi[i] = joined ? 'ff:' + fold[i - 1] + ' ' + f : null;
    view.nbi[i] = joined && (accented || norm[i - 1] !== fold[i - 1]) ? 'nn:' + norm[i - 1] + ' ' + norm[i] : null;
  }
  stream.features = view;
  return view;
}

/** Every feature of the stream with its count. */
export function countFeatures(stream: TokenStream, options: FeatureOptions = {}): Map<string, number> {
  const into = new Map<string, number>();
  const v = featureView(stream);
  const add = (f: string | null) => {
    if (f !== null) into.set(f, (into.get(f) ?? 0) + 1);
  };
  for (let i = 0; i < stream.length; i++) {
    add(v.uni[i]);
    add(v.nuni[i]);
    add(v.bi[i]);
    if (options.normBigrams) add(v.nbi[i]);
  }
  return into;
}

/** Folded unigrams and bigrams of tokens [from, to): the spelling-independent view used for claims. */
export function countFoldedFeatures(stream: TokenStream, from = 0, to = stream.length): Map<string, number> {
  const v = featureView(stream);
  const out = new Map<string, number>();
  for (let i = from; i < to; i++) {
    out.set(v.uni[i], (out.get(v.uni[i]) ?? 0) + 1);
    const b = i > from ? v.bi[i] : null;
    if (b !== null) out.set(b, (out.get(b) ?? 0) + 1);
  }
  return out;
}

interface Syllable {
  text: string;
  uni: number;
  next: Map<Syllable, number> | null;
}

/**
 * Gives every feature of the streams it sees a dense id, without building a string per occurrence
 * (feature names are built once, when a feature is first seen). Used for training, where each of
 * thousands of documents would otherwise create hundreds of strings.
 */
export class FeatureInterner {
  readonly names: string[] = [];
  private readonly fold: Record<string, Syllable | undefined> = Object.create(null);
  private readonly norm: Record<string, Syllable | undefined> = Object.create(null);

  /** Calls `use(id)` for every feature occurrence of the stream (same features as countFeatures). */
  each(stream: TokenStream, options: FeatureOptions, use: (id: number) => void): void {
    let prevFold: Syllable | null = null;
    let prevNorm: Syllable | null = null;
    let prevAccented = false;
    for (let i = 0; i < stream.length; i++) {
      const f = this.syllable(this.fold, stream.fold[i]);
      const accented = stream.norm[i] !== stream.fold[i];
      const m = this.syllable(this.norm, stream.norm[i]);
      if (f.uni < 0) f.uni = this.add('f:' + f.text);
      use(f.uni);
      if (accented) {
        if (m.uni < 0) m.uni = this.add('n:' + m.text);
        use(m.uni);
      }
      if (i > 0 && !stream.brk[i]) {
        use(this.pair(prevFold!, f, 'ff:'));
        if (options.normBigrams && (accented || prevAccented)) use(this.pair(prevNorm!, m, 'nn:'));
      }
      prevFold = f;
      prevNorm = m;
      prevAccented = accented;
    }
  }

  private syllable(map: Record<string, Syllable | undefined>, text: string): Syllable {
    let s = map[text];
    if (!s) map[text] = s = { text, uni: -1, next: null };
    return s;
  }

  private pair(a: Syllable, b: Syllable, prefix: string): number {
    const next = (a.next ??= new Map());
    let id = next.get(b);
    if (id === undefined) {
      id = this.add(prefix + a.text + ' ' + b.text);
      next.set(b, id);
    }
    return id;
  }

  private add(name: string): number {
    this.names.push(name);
    return this.names.length - 1;
  }
}
