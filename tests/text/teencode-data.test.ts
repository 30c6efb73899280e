import { describe, expect, it } from 'vitest';
import { analyze, foldText, normalizeText } from '../../src/text/index.js';
import { ACRONYMS, TEENCODE } from '../../src/text/teencode-data.js';

const teencode = Object.entries(TEENCODE);
const acronyms = Object.entries(ACRONYMS);

describe('teencode and abbreviation tables', () => {
  it('are big enough to matter', () => {
    expect(teencode.length + acronyms.length).toBeGreaterThanOrEqual(60);
  });

  it('use canonical keys: NFC, lowercase, classic tone placement, one token', () => {
    for (const [k] of teencode) {
      expect(k).toBe(k.normalize('NFC'));
      expect(k).toBe(k.toLowerCase());
      expect(normalizeText(k)).toBe(k);
      expect(analyze(k).entities).toEqual([]);
    }
    for (const [k] of acronyms) {
      expect(k).not.toBe(k.toLowerCase());
      expect(normalizeText(k)).toBe(k);
    }
  });

  it.each([...teencode, ...acronyms])('%s expands to canonical words that stay put: %s', (key, expansion) => {
    const words = expansion.split(' ');
    const a = analyze(key);
    expect(a.tokens.map((t) => t.norm)).toEqual(words);
    for (const t of a.tokens) {
      expect([t.start, t.end]).toEqual([0, key.length]);
    }
    // each word of an expansion is its own norm, and its fold never expands again
    for (const w of words) expect(analyze(w).tokens.map((t) => t.norm)).toEqual([w]);
    expect(foldText(a.folded)).toBe(a.folded);
  });

  it('matches diacritic-free keys by fold, so stray marks do not hide them', () => {
    expect(analyze('kò').tokens.map((t) => t.norm)).toEqual(['không']);
    expect(foldText('Hòk bít')).toBe('khong biet');
  });

  it('matches acronyms only in capitals where lowercase is ambiguous', () => {
    expect(foldText('BV Bạch Mai')).toBe('benh vien bach mai');
    expect(foldText('bv công ty')).toBe('bv cong ty');
    expect(foldText('ThS BS Lan')).toBe('thac si bac si lan');
  });

  it('leaves real words that only look like keys', () => {
    // lùn (short), ỉu (soggy), thui (scorch) fold to teencode spellings of luôn, yêu, thôi
    expect(foldText('lùn, ỉu, thui')).toBe('lun iu thui');
    expect(foldText('Who is WHO')).toBe('who is who');
  });
});
