import { describe, expect, it } from 'vitest';
import { DedupeIndex, type DedupeKey } from '../../src/pipeline/dedupe.js';

const key = (contentHash: string, canonicalUrl: string | null, hi = 0x12345678, lo = 0x9abcdef0): DedupeKey => ({
  contentHash,
  canonicalUrl,
  simhash: { hi, lo },
});

describe('DedupeIndex', () => {
  it('prefers an exact hash, then URL, then the nearest simhash', () => {
    const index = new DedupeIndex<string>();
    index.add('first', key('h1', 'https://a.vn/1'));
    index.add('second', key('h2', 'https://a.vn/2', 0x12345678, 0x9abcdef1));
    expect(index.match(key('h1', null, 0, 0))).toEqual({ ref: 'first', kind: 'exact', distance: 0 });
    expect(index.match(key('hx', 'https://a.vn/2', 0, 0))).toEqual({ ref: 'second', kind: 'url', distance: 0 });
    // distance 0 to "first", 1 to "second"
    expect(index.match(key('hx', null))).toEqual({ ref: 'first', kind: 'near', distance: 0 });
    expect(index.match(key('hx', null, 0x12345678, 0x9abcdef3))).toEqual({ ref: 'second', kind: 'near', distance: 1 });
  });

  it('matches at distance 3 but not 4, and never for short texts', () => {
    const index = new DedupeIndex<number>();
    index.add(1, key('h1', null, 0, 0));
    expect(index.match(key('h2', null, 0b111, 0))?.distance).toBe(3);
    expect(index.match(key('h2', null, 0b1111, 0))).toBeNull();
    expect(index.match({ contentHash: 'h3', canonicalUrl: null, simhash: null })).toBeNull();
  });

  it('keeps the first copy as the target', () => {
    const index = new DedupeIndex<number>();
    index.add(1, key('h', 'https://a.vn/'));
    index.add(2, key('h', 'https://a.vn/'));
    expect(index.match(key('h', null))?.ref).toBe(1);
  });
});
