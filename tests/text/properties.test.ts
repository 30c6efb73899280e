import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { analyze, foldText, normalizeText } from '../../src/text/index.js';

// Characters that exercise the tricky paths: Vietnamese letters in NFC and NFD, tone marks without
// a base, lookalikes, invisible characters, fullwidth forms, entity triggers, digits and spaces.
const TRICKY = [
  ...'aăâeêioôơuưyđĐoaeuyqgiAOUYQGIhkntcmp',
  ...'àảãáạằẳẵắặầẩẫấậèẻẽéẹềểễếệìỉĩíịòỏõóọồổỗốộờởỡớợùủũúụừửữứựỳỷỹýỵ',
  '\u0300', '\u0301', '\u0303', '\u0309', '\u0323', '\u031b', '\u0306', '\u0302',
  '\u00d0', '\u00f0', '\u0441', '\u043e', '\u03ab', '\u0261', '\ua7ac', '\u0130', '\ufb00', '\u0308', '\u200b', '\u200d', '\u00ad', '\u200f', '\ufeff', '\ufe0f',
  '\uff43', '\uff0e', '\uff20', '\u3000', '\u00a0', ' ', ' ', ' ', '\n', '\r', '\t',
  '@', '.', ',', '/', ':', '-', '+', '(', ')', '0', '1', '9', '8', '4', '3',
  'http://', 'www.', '.com', '.vn', '😀', '\ud800', '\udc00', 'ko', 'đc', 'cđcs', 'NLĐ', 'III',
];
const tricky = fc.array(fc.constantFrom(...TRICKY), { maxLength: 40 }).map((a) => a.join(''));
const arbitraries = [
  ['grapheme strings', fc.string({ unit: 'grapheme', maxLength: 60 })],
  ['binary strings (lone surrogates, any code point)', fc.string({ unit: 'binary', maxLength: 60 })],
  ['Vietnamese-tricky strings', tricky],
] as const;

describe.each(arbitraries)('properties on %s', (_name, arb) => {
  it('normalizeText is idempotent and never throws', () => {
    fc.assert(
      fc.property(arb, (s) => {
        const once = normalizeText(s);
        expect(normalizeText(once)).toBe(once);
      }),
      { numRuns: 1500 },
    );
  });

  it('foldText is idempotent and never throws', () => {
    fc.assert(
      fc.property(arb, (s) => {
        const once = foldText(s);
        expect(foldText(once)).toBe(once);
      }),
      { numRuns: 1500 },
    );
  });

  it('analyze agrees with normalizeText/foldText and keeps spans inside the original', () => {
    fc.assert(
      fc.property(arb, (s) => {
        const a = analyze(s);
        expect(a.original).toBe(s);
        expect(a.normalized).toBe(normalizeText(s));
        expect(a.folded).toBe(foldText(s));
        expect(a.folded).toBe(a.tokens.map((t) => t.fold).join(' '));
        let last = 0;
        for (const e of a.entities) {
          expect(e.start).toBeGreaterThanOrEqual(last);
          expect(e.end).toBeGreaterThan(e.start);
          expect(e.end).toBeLessThanOrEqual(s.length);
          last = e.end;
        }
        for (const t of a.tokens) {
          expect(t.start).toBeGreaterThanOrEqual(0);
          expect(t.end).toBeGreaterThan(t.start);
          expect(t.end).toBeLessThanOrEqual(s.length);
          expect(t.fold.length).toBeGreaterThan(0);
          expect(t.fold).not.toMatch(/\s/);
          // the source text of a token folds to that token, unless it was an expanded abbreviation
          const sourceFolds = foldText(s.slice(t.start, t.end)).split(' ');
          expect(sourceFolds).toContain(t.fold);
        }
      }),
      { numRuns: 1000 },
    );
  });
});

describe('regressions found by fuzzing', () => {
  it.each([
    'đc\u0303', // fold spells a teencode key
    '\ufb00\u041c', // a compatibility ligature supplies the Latin context
    '\ua7ac', // lowercasing produces a lookalike
    '\u00f0ứằ', // ð judged on a form that tone fixes change
    'é\u0300ềẻ', // repeated letters split by a combining mark
    '\ua7acg\ua7ac',
    '\u00f0III', // ð that only reads as Vietnamese once squashed
    'www.a\u200b\u0302', // a mark after an entity composes with it
    '\u03ab0\uff0e0a', // token boundaries that shift after fullwidth punctuation is mapped
    '\u03ab\u0031\u200b.5a',
  ])('%j', (s) => {
    const n = normalizeText(s);
    expect(normalizeText(n)).toBe(n);
    expect(n).toBe(n.normalize('NFC'));
    const f = foldText(s);
    expect(foldText(f)).toBe(f);
  });
});

describe('robustness', () => {
  it('handles very long input', () => {
    const s = 'Công đoàn cơ sở ko đc hỗ trợ 😀 https://x.vn @ab 0912345678. '.repeat(20_000);
    const a = analyze(s);
    expect(a.tokens.length).toBe(20_000 * 8);
    expect(a.entities.length).toBe(20_000 * 3);
    const long = 'a'.repeat(200_000) + '\u0301'.repeat(1000);
    expect(foldText(long)).toBe('a');
  });

  it('handles marks without a base, RTL text and emoji sequences', () => {
    expect(normalizeText('\u0301\u0301 abc')).toBe('\u0301\u0301 abc');
    expect(foldText('\u0301\u0301 abc')).toBe('abc');
    expect(foldText('مرحبا \u200fبالعالم')).toBe('مرحبا بالعالم');
    expect(normalizeText('ok 👨\u200d👩\u200d👧 ❤️\u200d🔥')).toBe('ok 👨\u200d👩\u200d👧 ❤️\u200d🔥');
  });
});
