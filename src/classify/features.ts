import type { TokenStream } from './token-stream.js';

/**
 * Syllable unigrams and bigrams, in two spellings: folded ("f:", "ff:") so that no-diacritic posts
 * share features with accented ones, and normalised ("n:", "nn:") so that accents still tell words
 * apart when they are typed ("độc lập" vs "đọc lập"). Normalised features are only emitted for
 * syllables that carry diacritics; for plain syllables they would duplicate the folded ones.
 * Bigrams never span a sentence boundary.
 */
export function countFeatures(stream: TokenStream, into: Map<string, number> = new Map()): Map<string, number> {
  const { norm, fold, brk } = stream;
  const add = (f: string) => into.set(f, (into.get(f) ?? 0) + 1);
  for (let i = 0; i < stream.length; i++) {
    const n = norm[i];
    const f = fold[i];
    add('f:' + f);
    if (n !== f) add('n:' + n);
    if (i > 0 && !brk[i]) {
      add('ff:' + fold[i - 1] + ' ' + f);
      if (n !== f || norm[i - 1] !== fold[i - 1]) add('nn:' + norm[i - 1] + ' ' + n);
    }
  }
  return into;
}

/** Folded unigrams and bigrams only: the spelling-independent view used for claim similarity. */
export function countFoldedFeatures(stream: TokenStream, from = 0, to = stream.length): Map<string, number> {
  const out = new Map<string, number>();
  const { fold, brk } = stream;
  for (let i = from; i < to; i++) {
    const f = 'f:' + fold[i];
    out.set(f, (out.get(f) ?? 0) + 1);
    if (i > from && !brk[i]) {
      const b = 'ff:' + fold[i - 1] + ' ' + fold[i];
      out.set(b, (out.get(b) ?? 0) + 1);
    }
  }
  return out;
}
