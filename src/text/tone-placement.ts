import { composeVowel, QUALITY_VOWELS, vowelInfo } from './vowels.js';

// Canonical tone placement: the CLASSIC ("kiểu cũ") style, Unikey's default and the commonest in
// user-written Vietnamese: hòa, khỏe, thủy, òa, úy. Only open syllables ending in oa / oe / uy
// differ between the two styles; the new style (hoà, khoẻ, thuỷ) is rewritten to the classic one.
// Both styles agree everywhere else: a vowel with a quality mark takes the tone (người, thuở,
// nguyễn, chuyện), a syllable with a final consonant puts it on the last vowel (hoàng, huỳnh),
// three-vowel nuclei on the middle one (ngoài, khuỷu), other pairs on the first (mái, mía, múa).

const ONSETS = [
  'ngh', 'ng', 'nh', 'ch', 'gh', 'gi', 'kh', 'ph', 'qu', 'th', 'tr',
  'b', 'c', 'd', 'đ', 'g', 'h', 'k', 'l', 'm', 'n', 'p', 'r', 's', 't', 'v', 'x',
  // not Vietnamese, but common in informal spelling (zui, fải, jờ, wá)
  'f', 'j', 'w', 'z',
];
const CODAS = new Set(['', 'c', 'ch', 'm', 'n', 'ng', 'nh', 'p', 't']);
const NUCLEI = new Set(
  (
    'a ă â e ê i o ô ơ u ư y ' +
    'ai ao au ay âu ây eo êu ia iu iê oa oă oe oi oo ôi ơi ua uâ uê ui uô uơ uy ưa ưi ưu ươ yê ' +
    'iêu yêu oai oay oao oeo uây uôi uya uyê uyu ươi ươu'
  ).split(' '),
);
const VOWEL_LETTERS = 'aăâeêioôơuưy';

interface Syllable {
  onset: string;
  nucleus: string;
  coda: string;
}

/** Parse an untoned lowercase syllable; null when it is not a Vietnamese syllable. */
function parse(bare: string): Syllable | null {
  let onset = '';
  for (const o of ONSETS) {
    if (bare.startsWith(o)) {
      onset = o;
      break;
    }
  }
  // "gi" and "qu" are onsets only when a vowel follows: gì, gìn are g + i.
  if ((onset === 'gi' || onset === 'qu') && !VOWEL_LETTERS.includes(bare[2] ?? '')) {
    onset = onset === 'gi' ? 'g' : '';
    if (onset === '') return null;
  }
  let i = onset.length;
  while (i < bare.length && VOWEL_LETTERS.includes(bare[i])) i++;
  const nucleus = bare.slice(onset.length, i);
  const coda = bare.slice(i);
  if (!NUCLEI.has(nucleus) || !CODAS.has(coda)) return null;
  return { onset, nucleus, coda };
}

function tonePosition(nucleus: string, hasCoda: boolean): number {
  for (let i = nucleus.length - 1; i >= 0; i--) if (QUALITY_VOWELS.includes(nucleus[i])) return i;
  if (nucleus.length === 1) return 0;
  if (hasCoda) return nucleus.length - 1;
  if (nucleus.length === 3) return 1;
  return 0; // includes oa, oe, uy: classic style
}

let skeletons: RegExp | undefined;

/** True when a FOLDED word (no diacritics, đ → d) spells a Vietnamese syllable: "duong", "doan". */
export function isSyllableSkeleton(fold: string): boolean {
  if (!skeletons) {
    const strip = (s: string) => s.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/đ/g, 'd');
    const onsets = [...new Set(ONSETS.map(strip))].sort((a, b) => b.length - a.length).join('|');
    const nuclei = [...new Set([...NUCLEI].map(strip))].sort((a, b) => b.length - a.length).join('|');
    const codas = [...CODAS].filter(Boolean).sort((a, b) => b.length - a.length).join('|');
    skeletons = new RegExp(`^(?:${onsets})?(?:${nuclei})(?:${codas})?$`);
  }
  return skeletons.test(fold);
}

/**
 * Put the tone mark of one NFC syllable where the canonical style wants it, keeping letter case.
 * Anything that is not a single-toned Vietnamese syllable comes back unchanged.
 */
export function canonicalTone(word: string): string {
  if (word.length < 2 || word.length > 8) return word;
  const lower = word.toLowerCase();
  if (lower.length !== word.length) return word;
  let tone = 0;
  let tonedAt = -1;
  let bare = '';
  for (let i = 0; i < lower.length; i++) {
    const ch = lower[i];
    const v = vowelInfo(ch);
    if (v) {
      if (v.tone !== 0) {
        if (tone !== 0) return word; // two tone marks: leave it to a human
        tone = v.tone;
        tonedAt = i;
      }
      bare += v.base;
    } else {
      bare += ch;
    }
  }
  if (tone === 0) return word;
  const syl = parse(bare);
  if (!syl) return word;
  const at = syl.onset.length + tonePosition(syl.nucleus, syl.coda !== '');
  if (at === tonedAt && syl.onset.length <= tonedAt) return word;
  let out = '';
  for (let i = 0; i < bare.length; i++) {
    let ch = i === at ? composeVowel(bare[i], tone) : bare[i];
    if (word[i] !== lower[i]) ch = ch.toUpperCase();
    out += ch;
  }
  return out;
}
