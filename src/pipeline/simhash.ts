import { SIMHASH_STOP_UNIGRAMS } from './simhash-stoplist.js';

/**
 * 64-bit simhash over syllable shingles, kept as two unsigned 32-bit halves (plain numbers are
 * much faster than BigInt here). Stored in SQLite as one signed 64-bit INTEGER plus four 16-bit
 * bands: by pigeonhole, two fingerprints within Hamming distance 3 agree on at least one band, so
 * an indexed equality lookup on each band finds every near-duplicate candidate.
 */

export interface Simhash {
  hi: number;
  lo: number;
}
export type Bands = [number, number, number, number];

/** Near-duplicate threshold (inclusive). Must stay below the number of bands (4). */
export const NEAR_DUP_MAX_DISTANCE = 3;
/**
 * Shingle sizes, in syllables. Single syllables make the fingerprint tolerant of a changed or added
 * word (what reposts do); syllable pairs keep some word order. On public Vietnamese posts 1+2 finds
 * ~20% more near-duplicate pairs than pairs alone (all checked: ≥ 85% shared syllables); very
 * common syllables are left out as unigrams (see simhash-stoplist.ts) so unrelated posts do not
 * crowd the same bands.
 */
export const SHINGLE_SIZES = [1, 2] as const;

function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** FNV-1a over UTF-16 code units; good enough as a seed, fmix32 spreads it afterwards. */
function hashString(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/** Simhash of a token sequence (folded syllables). Empty input gives 0. */
export function simhash(tokens: readonly string[]): Simhash {
  const n = tokens.length;
  if (n === 0) return { hi: 0, lo: 0 };
  const th = new Uint32Array(n);
  for (let i = 0; i < n; i++) th[i] = hashString(tokens[i]);
  // Count set bits per position; a bit of the fingerprint is set when most features set it.
  const ones = new Int32Array(64);
  let features = 0;
  for (const w of SHINGLE_SIZES) {
    for (let i = 0; i + w <= n; i++) {
      if (w === 1 && SIMHASH_STOP_UNIGRAMS.has(tokens[i])) continue;
      let h = 0x9747b28c + w;
      for (let j = 0; j < w; j++) h = fmix32(h ^ Math.imul(th[i + j], 0xcc9e2d51 + j * 2));
      const hi = fmix32(h ^ 0x5bd1e995);
      const lo = fmix32(h ^ 0x27d4eb2f);
      for (let b = 0; b < 32; b++) {
        ones[b] += (hi >>> b) & 1;
        ones[b + 32] += (lo >>> b) & 1;
      }
      features++;
    }
  }
  let hi = 0;
  let lo = 0;
  for (let b = 0; b < 32; b++) {
    if (2 * ones[b] > features) hi |= 1 << b;
    if (2 * ones[b + 32] > features) lo |= 1 << b;
  }
  return { hi: hi >>> 0, lo: lo >>> 0 };
}

export function simhashBands(s: Simhash): Bands {
  return [s.hi >>> 16, s.hi & 0xffff, s.lo >>> 16, s.lo & 0xffff];
}

export function bandsToSimhash(b: readonly number[]): Simhash {
  return { hi: ((b[0] << 16) | b[1]) >>> 0, lo: ((b[2] << 16) | b[3]) >>> 0 };
}

function popcount32(x: number): number {
  x -= (x >>> 1) & 0x55555555;
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  x = (x + (x >>> 4)) & 0x0f0f0f0f;
  return Math.imul(x, 0x01010101) >>> 24;
}

export function hammingDistance(a: Simhash, b: Simhash): number {
  return popcount32((a.hi ^ b.hi) >>> 0) + popcount32((a.lo ^ b.lo) >>> 0);
}

/** Signed 64-bit value of the fingerprint, as SQLite stores it (for display and tests). */
export function simhashToSigned(s: Simhash): bigint {
  return BigInt.asIntN(64, (BigInt(s.hi) << 32n) | BigInt(s.lo));
}
