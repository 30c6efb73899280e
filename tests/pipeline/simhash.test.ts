import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  bandsToSimhash, hammingDistance, simhash, simhashBands, simhashToSigned, NEAR_DUP_MAX_DISTANCE,
} from '../../src/pipeline/simhash.js';

const words = (s: string) => s.split(' ');
// A typical post (~80 syllables), folded.
const base =
  'cong nhan cong ty may tai binh duong phan anh viec bi cham luong hai thang lien va khong duoc dong bao hiem xa hoi day du theo quy dinh ' +
  'nhieu nguoi da lam don gui ban giam doc nhung chua nhan duoc tra loi cong doan co so cho biet se lam viec voi cong ty trong tuan nay ' +
  'de yeu cau chi tra du luong va tien tang ca cho nguoi lao dong truoc ngay mung muoi thang sau';

describe('simhash', () => {
  it('is deterministic and near for a one-word edit, far for unrelated text', () => {
    const a = simhash(words(base));
    expect(simhash(words(base))).toEqual(a);
    const edited = simhash(words(base.replace('hai thang', 'ba thang')));
    const other = simhash(words('bo y te khuyen cao nguoi dan tiem vac xin nhac lai de phong benh cum mua nay theo huong dan cua bac si'));
    expect(hammingDistance(a, edited)).toBeLessThanOrEqual(8);
    expect(hammingDistance(a, other)).toBeGreaterThan(NEAR_DUP_MAX_DISTANCE + 10);
  });

  it('keeps reposts with a word added or changed within the threshold', () => {
    const a = simhash(words(base));
    expect(hammingDistance(a, simhash([...words(base), 'nhe']))).toBeLessThanOrEqual(NEAR_DUP_MAX_DISTANCE);
    expect(hammingDistance(a, simhash(words(base.replace('hai thang', 'ba thang'))))).toBeLessThanOrEqual(NEAR_DUP_MAX_DISTANCE);
    expect(hammingDistance(a, simhash(words(base.replace(' lien', ''))))).toBeLessThanOrEqual(NEAR_DUP_MAX_DISTANCE);
  });

  it('ignores very common syllables as single features but not inside pairs', () => {
    const a = simhash(words('luong thang nay cham qua'));
    expect(simhash(words('luong thang nay cham qua va'))).not.toEqual(a); // "qua va" is a new pair
    expect(simhash(['va', 'cua', 'la'])).toEqual(simhash(['va', 'cua', 'la']));
    expect(simhash(['va'])).toEqual({ hi: 0, lo: 0 }); // nothing left to hash
  });

  it('round-trips through bands and maps to signed 64-bit', () => {
    fc.assert(
      fc.property(fc.array(fc.string(), { maxLength: 30 }), (tokens) => {
        const s = simhash(tokens);
        expect(bandsToSimhash(simhashBands(s))).toEqual(s);
        for (const b of simhashBands(s)) expect(b >= 0 && b <= 0xffff).toBe(true);
        const signed = simhashToSigned(s);
        expect(signed >= -(2n ** 63n) && signed < 2n ** 63n).toBe(true);
      }),
    );
  });

  it('hamming distance is a metric on 64 bits', () => {
    const arb = fc.record({ hi: fc.nat({ max: 0xffffffff }), lo: fc.nat({ max: 0xffffffff }) });
    fc.assert(
      fc.property(arb, arb, (a, b) => {
        expect(hammingDistance(a, a)).toBe(0);
        expect(hammingDistance(a, b)).toBe(hammingDistance(b, a));
        const xor = ((BigInt(a.hi) << 32n) | BigInt(a.lo)) ^ ((BigInt(b.hi) << 32n) | BigInt(b.lo));
        expect(hammingDistance(a, b)).toBe(xor.toString(2).replace(/0/g, '').length);
      }),
    );
  });

  it('within distance 3, two fingerprints share a band (pigeonhole)', () => {
    fc.assert(
      fc.property(fc.nat({ max: 0xffffffff }), fc.nat({ max: 0xffffffff }), fc.uniqueArray(fc.nat({ max: 63 }), { maxLength: 3 }), (hi, lo, flips) => {
        const a = { hi, lo };
        const b = { ...a };
        for (const f of flips) {
          if (f < 32) b.hi = (b.hi ^ (1 << f)) >>> 0;
          else b.lo = (b.lo ^ (1 << (f - 32))) >>> 0;
        }
        expect(hammingDistance(a, b)).toBe(flips.length);
        const [ba, bb] = [simhashBands(a), simhashBands(b)];
        expect(ba.some((v, i) => v === bb[i])).toBe(true);
      }),
    );
  });
});
