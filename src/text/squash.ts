import { foldWord } from './fold-word.js';

const RE_MARK = /^\p{M}$/u;

// Roman numerals (III, XXX, viii) are left alone: squashing them loses meaning. Tested on the
// word itself, not its fold, so "điii" (đi with a long i) is still squashed.
const RE_ROMAN = /^m{0,4}(?:cm|cd|d?c{0,3})(?:xc|xl|l?x{0,3})(?:ix|iv|v?i{0,3})$/;

function isAsciiLetter(s: string): boolean {
  if (s.length !== 1) return false;
  const c = s.charCodeAt(0);
  return c >= 0x61 && c <= 0x7a;
}

/**
 * Squash runs of three or more of the same (folded) Latin letter to one: "quáaaa" → "quá",
 * "điiiii" → "đi". The kept letter is the first in the run that carries a diacritic, so the
 * accent survives however the run was typed. Double letters (xoong, cooperative) stay.
 */
export function squashRepeats(word: string): string {
  if (word.length < 3) return word;
  // Letters with their combining marks, so "é" + U+0300 counts as one e-like letter.
  const chars: string[] = [];
  for (const ch of word) {
    if (chars.length > 0 && ch.charCodeAt(0) >= 0x300 && RE_MARK.test(ch)) chars[chars.length - 1] += ch;
    else chars.push(ch);
  }
  const folds = chars.map(foldWord);
  let found = false;
  for (let i = 2; i < chars.length; i++) {
    if (folds[i] === folds[i - 1] && folds[i] === folds[i - 2] && isAsciiLetter(folds[i])) {
      found = true;
      break;
    }
  }
  if (!found || RE_ROMAN.test(word.toLowerCase())) return word;
  let out = '';
  let i = 0;
  while (i < chars.length) {
    let j = i + 1;
    while (j < chars.length && folds[j] === folds[i]) j++;
    if (j - i >= 3 && isAsciiLetter(folds[i])) {
      let keep = chars[i];
      for (let k = i; k < j; k++) {
        if (chars[k] !== folds[k] && chars[k].toLowerCase() !== folds[k]) {
          keep = chars[k];
          break;
        }
      }
      out += keep;
    } else {
      for (let k = i; k < j; k++) out += chars[k];
    }
    i = j;
  }
  return out;
}
