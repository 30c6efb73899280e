// Vietnamese vowel letters as (base, tone) pairs, built from Unicode so no table can carry a typo.

/** Base vowels: the six with quality marks (ă â ê ô ơ ư) are distinct letters, not toned forms. */
export const BASE_VOWELS = 'aăâeêioôơuưy';
/** Vowels that carry a quality mark; the tone mark prefers them. */
export const QUALITY_VOWELS = 'ăâêôơư';
/** Tone marks in order: none, huyền, hỏi, ngã, sắc, nặng. */
const TONE_MARKS = ['', '\u0300', '\u0309', '\u0303', '\u0301', '\u0323'];

export interface VowelInfo {
  base: string;
  tone: number;
}

let info: Map<string, VowelInfo> | undefined;
let compose: Map<string, string[]> | undefined;
let foldMap: Map<string, string> | undefined;

function build(): void {
  info = new Map();
  compose = new Map();
  foldMap = new Map();
  for (const base of BASE_VOWELS) {
    const forms: string[] = [];
    const plain = base.normalize('NFD')[0];
    for (let t = 0; t < TONE_MARKS.length; t++) {
      const ch = (base + TONE_MARKS[t]).normalize('NFC');
      forms.push(ch);
      info.set(ch, { base, tone: t });
      foldMap.set(ch, plain);
      const upper = ch.toUpperCase();
      foldMap.set(upper, plain);
    }
    compose.set(base, forms);
  }
  foldMap.set('đ', 'd');
  foldMap.set('Đ', 'd');
}

/** Lowercase precomposed vowel → base vowel and tone; undefined for anything else. */
export function vowelInfo(ch: string): VowelInfo | undefined {
  if (!info) build();
  return info!.get(ch);
}

/** Base vowel + tone number → precomposed lowercase letter. */
export function composeVowel(base: string, tone: number): string {
  if (!compose) build();
  return compose!.get(base)![tone];
}

/** Fold of a Vietnamese letter (either case) to its ASCII lowercase base, or undefined. */
export function foldVietnameseChar(ch: string): string | undefined {
  if (!foldMap) build();
  return foldMap!.get(ch);
}
