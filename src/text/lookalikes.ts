import { classOf, IGN } from './char-class.js';
import { foldWord } from './fold-word.js';
import { isSyllableSkeleton } from './tone-placement.js';

// Letters from other scripts that look like Latin ones. They are only rewritten inside a token that
// also has Latin letters ("сông đoàn" with a Cyrillic с), so real Russian or Greek words stay intact.
const MIXED_SCRIPT: Record<string, string> = {
  // Cyrillic
  а: 'a', е: 'e', о: 'o', р: 'p', с: 'c', у: 'y', х: 'x', і: 'i', ј: 'j', ѕ: 's', һ: 'h', ԁ: 'd',
  ԛ: 'q', ԝ: 'w', ӏ: 'l',
  А: 'A', В: 'B', Е: 'E', К: 'K', М: 'M', Н: 'H', О: 'O', Р: 'P', С: 'C', Т: 'T', Х: 'X', У: 'Y',
  І: 'I', Ј: 'J', Ѕ: 'S',
  // Greek
  Α: 'A', Β: 'B', Ε: 'E', Ζ: 'Z', Η: 'H', Ι: 'I', Κ: 'K', Μ: 'M', Ν: 'N', Ο: 'O', Ρ: 'P', Τ: 'T',
  Υ: 'Y', Χ: 'X', ο: 'o', α: 'a', ν: 'v', ρ: 'p', υ: 'u',
};
// Latin letters that are never meant in Vietnamese text: Icelandic/African D forms → Đ.
const ALWAYS: Record<string, string> = { '\u00d0': 'Đ', '\u0189': 'Đ', '\u0256': 'đ', '\u0261': 'g' };

// Decorative small capitals (clickbait pages write whole posts in them: "ᴄả ɴướᴄ") and ǫ, which
// such pages use for q. None is a Vietnamese letter, so they are always read as plain lower case.
// ḥ is legacy-encoding damage on old forums where "hò" was stored ("pḥng" = "phòng").
const DECORATIVE: Record<string, string> = {
  ᴀ: 'a', ʙ: 'b', ᴄ: 'c', ᴅ: 'd', ᴆ: 'đ', ᴇ: 'e', ꜰ: 'f', ɢ: 'g', ʜ: 'h', ɪ: 'i', ᴊ: 'j', ᴋ: 'k', ʟ: 'l',
  ᴍ: 'm', ɴ: 'n', ᴏ: 'o', ᴘ: 'p', ǫ: 'q', ʀ: 'r', ꜱ: 's', ᴛ: 't', ᴜ: 'u', ᴠ: 'v', ᴡ: 'w', ʏ: 'y', ᴢ: 'z',
  ḥ: 'hò',
};

function isLatinLetter(cp: number): boolean {
  return (
    (cp >= 0x41 && cp <= 0x5a) ||
    (cp >= 0x61 && cp <= 0x7a) ||
    (cp >= 0xc0 && cp <= 0x24f && cp !== 0xd7 && cp !== 0xf7) ||
    (cp >= 0x1e00 && cp <= 0x1eff)
  );
}

/** Compatibility forms that NFKC maps to plain letters/digits without changing meaning. */
function isSafeCompat(cp: number): boolean {
  return (cp >= 0xff01 && cp <= 0xff5e) || (cp >= 0xfb00 && cp <= 0xfb06) || (cp >= 0x1d400 && cp <= 0x1d7ff);
}

/**
 * Clean one raw word run: drop invisible characters, map lookalikes and safe compatibility forms,
 * then NFC. Case is kept. Every decision is taken on a form that cleaning does not change again,
 * so cleaning is idempotent.
 */
export function cleanWord(raw: string): string {
  let simple = true;
  for (let i = 0; i < raw.length; i++) {
    const c = raw.charCodeAt(i);
    // Below U+0300 nothing composes, so only the few lookalikes there need the slow path.
    if (
      (c >= 0x300 && !(c >= 0x1ea0 && c <= 0x1ef9)) ||
      (c >= 0x250 && c < 0x2b0) ||
      c === 0x1eb ||
      c === 0xad ||
      c === 0xd0 ||
      c === 0xf0 ||
      c === 0x189 ||
      c === 0x256 ||
      c === 0x261
    ) {
      simple = false;
      break;
    }
  }
  if (simple) return raw;
  let out = '';
  for (const ch of raw) {
    const cp = ch.codePointAt(0)!;
    if (classOf(cp) === IGN) continue;
    out += isSafeCompat(cp) ? ch.normalize('NFKC') : ch;
  }
  // On the composed form, so that h + combining dot below is the same ḥ as the precomposed one.
  let mapped = '';
  for (const ch of out.normalize('NFC')) mapped += DECORATIVE[ch] ?? ch;
  out = mapped;
  // Decide on base letters (NFD), so a lookalike hidden under a diacritic (Ϋ = Υ + ̈) is treated
  // the same as the bare one that folding would later expose.
  const decomposed = out.normalize('NFD');
  let latin = false;
  let mixed = false;
  let always = false;
  for (const ch of decomposed) {
    if (ALWAYS[ch] !== undefined) always = true;
    else if (MIXED_SCRIPT[ch] !== undefined) mixed = true;
    else if (isLatinLetter(ch.codePointAt(0)!)) latin = true;
  }
  if (always || (mixed && latin)) {
    let m = '';
    for (const ch of decomposed) m += ALWAYS[ch] ?? (latin || always ? MIXED_SCRIPT[ch] : undefined) ?? ch;
    out = m;
  }
  out = out.normalize('NFC');
  if (out.includes('\u00f0')) {
    // ð is Icelandic; in a word that reads as a Vietnamese syllable with đ it is a lookalike.
    // Judged on the folded skeleton so the answer is the same before and after tone fixes.
    const withD = out.replace(/\u00f0/g, 'đ');
    if (isSyllableSkeleton(foldWord(withD))) out = withD;
  }
  return out;
}
