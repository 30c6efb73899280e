// Character classes for the tokenizer, computed once per code point and kept in a table so the
// hot loop does array lookups instead of running a regex per character.

export const WORD = 1; // letters, marks, digits: belong to a token
export const SEP = 2; // whitespace, punctuation, symbols, emoji, lone surrogates
export const IGN = 3; // invisible format characters: never split a token, removed from it

const bmp = new Uint8Array(0x10000);
const astral = new Map<number, number>();
const RE_FORMAT = /^\p{Cf}$/u;
const RE_WORD = /^[\p{L}\p{M}\p{N}]$/u;

function compute(cp: number): number {
  if (cp >= 0xd800 && cp <= 0xdfff) return SEP;
  // Variation selectors belong to emoji and other symbols, not to words.
  if ((cp >= 0xfe00 && cp <= 0xfe0f) || (cp >= 0xe0100 && cp <= 0xe01ef)) return SEP;
  if (cp === 0x034f) return IGN; // combining grapheme joiner: invisible, used to dodge filters
  const s = String.fromCodePoint(cp);
  if (RE_FORMAT.test(s)) return IGN;
  return RE_WORD.test(s) ? WORD : SEP;
}

export function classOf(cp: number): number {
  if (cp < 0x10000) {
    let c = bmp[cp];
    if (c === 0) {
      c = compute(cp);
      bmp[cp] = c;
    }
    return c;
  }
  let c = astral.get(cp);
  if (c === undefined) {
    c = compute(cp);
    if (astral.size < 10_000) astral.set(cp, c);
  }
  return c;
}

/**
 * Invisible characters that are dropped between words as well. Others of class IGN (zero-width
 * joiner, emoji tag characters) are kept between words because emoji sequences need them.
 */
export function isDroppableInvisible(cp: number): boolean {
  return (
    cp === 0x00ad ||
    cp === 0x034f ||
    cp === 0x061c ||
    cp === 0x180e ||
    cp === 0x200b ||
    cp === 0x200c ||
    cp === 0x200e ||
    cp === 0x200f ||
    (cp >= 0x202a && cp <= 0x202e) ||
    (cp >= 0x2060 && cp <= 0x2064) ||
    (cp >= 0x2066 && cp <= 0x2069) ||
    cp === 0xfeff
  );
}
