// Vietnamese diacritics come in two kinds: tone marks (one per syllable) and letter modifiers
// (circumflex, breve, horn, đ). Writers who drop diacritics drop all of them, or only the tones;
// a syllable that carries a tone is taken as fully typed.
const TONES = /[\u0300\u0301\u0303\u0309\u0323]/;
const MARKS = /[\u0300-\u036f]/g;

function hasTone(s: string): boolean {
  return TONES.test(s.normalize('NFD'));
}

function stripTones(s: string): string {
  return s.normalize('NFD').replace(/[\u0300\u0301\u0303\u0309\u0323]/g, '').normalize('NFC');
}

function baseLetter(c: string): string {
  return c === 'đ' ? 'd' : c.normalize('NFD').replace(MARKS, '');
}

/**
 * Whether the input syllable `input` can be a spelling of the phrase syllable `phrase`, given that
 * both fold to the same letters. Unaccented input matches anything ("doc lap" ~ "độc lập"); input
 * without tones matches when its letter modifiers agree ("đôc lập"); input with a tone must be
 * exact, so "đọc lập" (to read …) is not "độc lập" (independent). With `strict` (the text around
 * is typed with accents) only the exact spelling matches.
 */
export function accentCompatible(input: string, phrase: string, strict = false): boolean {
  if (input === phrase) return true;
  // In a text typed with accents, every syllable is taken at its word: a syllable without a tone
  // mark carries the level tone ("thương" is not "thưởng").
  if (strict) return false;
  if (baseLettersOnly(input) === input) return true;
  if (hasTone(input)) return false;
  const p = stripTones(phrase);
  if (p.length !== input.length) return false;
  for (let i = 0; i < input.length; i++) {
    const c = input[i];
    const q = p[i];
    if (c !== q && c !== baseLetter(q)) return false;
  }
  return true;
}

function baseLettersOnly(s: string): string {
  return s.normalize('NFD').replace(MARKS, '').replace(/đ/g, 'd');
}

/** True when the syllable carries any Vietnamese diacritic (tone or modifier). */
export function isAccented(s: string): boolean {
  return baseLettersOnly(s) !== s;
}
