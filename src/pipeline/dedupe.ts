import { hammingDistance, NEAR_DUP_MAX_DISTANCE, simhashBands, type Simhash } from './simhash.js';

/** What dedupe compares. `simhash` is null for texts too short for near-duplicate matching. */
export interface DedupeKey {
  contentHash: string;
  canonicalUrl: string | null;
  simhash: Simhash | null;
}

export type DuplicateKind = 'exact' | 'url' | 'near';
export interface DuplicateMatch<R> {
  ref: R;
  kind: DuplicateKind;
  /** Hamming distance for near duplicates (0 for exact hash and URL matches). */
  distance: number;
}

/**
 * Below this many syllables a 64-bit fingerprint says little: two different short replies
 * ("đúng rồi", "đúng vậy") would look alike. Short texts are deduplicated by exact hash and URL only.
 */
export const MIN_NEAR_DUP_TOKENS = 8;

/**
 * In-memory duplicate index over items identified by `R` (a database id or a batch position).
 * Order of precedence: identical folded text, then same canonical URL, then nearest simhash.
 */
export class DedupeIndex<R> {
  private readonly byHash = new Map<string, R>();
  private readonly byUrl = new Map<string, R>();
  private readonly byBand: Map<number, Array<{ ref: R; simhash: Simhash }>>[] = [new Map(), new Map(), new Map(), new Map()];

  /** Indexes whichever parts of a key are known (stored candidates come back one part at a time). */
  add(ref: R, key: Partial<DedupeKey>): void {
    if (key.contentHash && !this.byHash.has(key.contentHash)) this.byHash.set(key.contentHash, ref);
    if (key.canonicalUrl && !this.byUrl.has(key.canonicalUrl)) this.byUrl.set(key.canonicalUrl, ref);
    if (key.simhash) {
      const bands = simhashBands(key.simhash);
      for (let b = 0; b < 4; b++) {
        const list = this.byBand[b].get(bands[b]);
        if (list) list.push({ ref, simhash: key.simhash });
        else this.byBand[b].set(bands[b], [{ ref, simhash: key.simhash }]);
      }
    }
  }

  match(key: DedupeKey): DuplicateMatch<R> | null {
    const exact = this.byHash.get(key.contentHash);
    if (exact !== undefined) return { ref: exact, kind: 'exact', distance: 0 };
    if (key.canonicalUrl) {
      const byUrl = this.byUrl.get(key.canonicalUrl);
      if (byUrl !== undefined) return { ref: byUrl, kind: 'url', distance: 0 };
    }
    if (!key.simhash) return null;
    const bands = simhashBands(key.simhash);
    let best: DuplicateMatch<R> | null = null;
    for (let b = 0; b < 4; b++) {
      for (const c of this.byBand[b].get(bands[b]) ?? []) {
        const d = hammingDistance(key.simhash, c.simhash);
        if (d <= NEAR_DUP_MAX_DISTANCE && (!best || d < best.distance)) best = { ref: c.ref, kind: 'near', distance: d };
      }
    }
    return best;
  }
}
