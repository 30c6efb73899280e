import { classOf, IGN, isDroppableInvisible } from './char-class.js';

function isSpace(c: number): boolean {
  return (
    c === 0x20 || c === 0x09 || c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) ||
    c === 0x202f || c === 0x205f || c === 0x3000
  );
}

function isNewline(c: number): boolean {
  return c === 0x0a || c === 0x0b || c === 0x0c || c === 0x85 || c === 0x2028 || c === 0x2029;
}

/**
 * Display form of the text between words: runs of spaces become one space, line breaks become
 * "\n" (at most one blank line), nothing at either end of the text, invisible characters dropped,
 * lone surrogates → U+FFFD, fullwidth punctuation → ASCII, NFC.
 */
export function tidySeparator(text: string, start: number, end: number, atStart: boolean, atEnd: boolean): string {
  if (end - start === 1 && text.charCodeAt(start) === 0x20 && !atStart && !atEnd) return ' ';
  let out = '';
  let space = false;
  let newlines = 0;
  let content = !atStart;
  let nonAscii = false; // set for the ranges that hold separators NFC can change
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x0d) {
      newlines++;
      if (i + 1 < end && text.charCodeAt(i + 1) === 0x0a) i++;
      continue;
    }
    if (isNewline(c)) {
      newlines++;
      continue;
    }
    if (isSpace(c)) {
      space = true;
      continue;
    }
    let ch: string;
    if (c >= 0xd800 && c <= 0xdfff) {
      const d = i + 1 < end ? text.charCodeAt(i + 1) : 0;
      if (c <= 0xdbff && d >= 0xdc00 && d <= 0xdfff) {
        const cp = ((c - 0xd800) << 10) + (d - 0xdc00) + 0x10000;
        i++;
        if (classOf(cp) === IGN && isDroppableInvisible(cp)) continue;
        if (cp < 0x1f000) nonAscii = true; // e.g. musical symbols U+1D15E..; emoji are NFC-stable
        ch = String.fromCharCode(c, d);
      } else {
        ch = '\ufffd';
      }
    } else {
      if (classOf(c) === IGN && isDroppableInvisible(c)) continue;
      ch = c >= 0xff01 && c <= 0xff5e ? String.fromCharCode(c - 0xfee0) : text[i];
    }
    if (content) {
      if (newlines > 0) out += newlines > 1 ? '\n\n' : '\n';
      else if (space) out += ' ';
    }
    space = false;
    newlines = 0;
    content = true;
    if ((c >= 0x300 && c < 0x3000) || (c >= 0xf900 && c <= 0xfaff)) nonAscii = true;
    out += ch;
  }
  if (!atEnd && content) {
    if (newlines > 0) out += newlines > 1 ? '\n\n' : '\n';
    else if (space) out += ' ';
  }
  // A few symbols have canonical singletons (U+1FEE → U+0385, U+037E → ';').
  return nonAscii ? out.normalize('NFC') : out;
}
