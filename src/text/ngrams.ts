/** Contiguous n-grams of `words`, each joined by a single space. Empty when n < 1 or too few words. */
export function ngrams(words: readonly string[], n: number): string[] {
  if (!Number.isInteger(n) || n < 1 || words.length < n) return [];
  if (n === 1) return words.slice();
  const out: string[] = new Array(words.length - n + 1);
  for (let i = 0; i + n <= words.length; i++) {
    let g = words[i];
    for (let k = 1; k < n; k++) g += ' ' + words[i + k];
    out[i] = g;
  }
  return out;
}
