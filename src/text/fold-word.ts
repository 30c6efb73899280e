import { foldVietnameseChar } from './vowels.js';

const RE_MARKS = /\p{M}/gu;

/** Fold one character: lowercase, no diacritics, đ → d. */
function foldChar(ch: string): string {
  const c = ch.charCodeAt(0);
  if (c < 0x80) return c >= 0x41 && c <= 0x5a ? String.fromCharCode(c + 32) : ch;
  const v = foldVietnameseChar(ch);
  if (v !== undefined) return v;
  return ch.toLowerCase().normalize('NFD').replace(RE_MARKS, '');
}

/** Fold a word: lowercase, diacritics removed, đ → d, NFC. */
export function foldWord(word: string): string {
  let ascii = true;
  for (let i = 0; i < word.length; i++) {
    const c = word.charCodeAt(i);
    if (c >= 0x80 || (c >= 0x41 && c <= 0x5a)) {
      ascii = false;
      break;
    }
  }
  if (ascii) return word;
  let out = '';
  let other = false;
  for (const ch of word) {
    const f = foldChar(ch);
    if (!other && f.length > 0 && f.charCodeAt(0) >= 0x80) other = true;
    out += f;
  }
  return other ? out.normalize('NFC') : out;
}
