import type { Entity } from '../types.js';
import { classOf, IGN, WORD } from './char-class.js';

export interface SegmentVisitor {
  /** A word run [start, end): letters, marks and digits, with invisible characters inside it. */
  word(start: number, end: number): void;
  /** Everything between words and entities (whitespace, punctuation, emoji...). */
  sep(start: number, end: number): void;
  entity(e: Entity): void;
}

function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}

/**
 * Walk the ORIGINAL text once, cutting it into word runs, separator runs and the given entity
 * spans (sorted, non-overlapping). A '.' or ',' between two digits stays inside the word, so
 * "1.500.000" and "3,5" are single tokens.
 */
export function segment(text: string, entities: readonly Entity[], v: SegmentVisitor): void {
  const n = text.length;
  let ei = 0;
  let nextEntity = entities.length > 0 ? entities[0].start : n;
  let runStart = 0;
  let inWord = false;
  let i = 0;
  while (i < n) {
    if (i === nextEntity) {
      const e = entities[ei++];
      if (i > runStart) inWord ? v.word(runStart, i) : v.sep(runStart, i);
      inWord = false;
      v.entity(e);
      i = e.end;
      runStart = i;
      nextEntity = ei < entities.length ? entities[ei].start : n;
      continue;
    }
    const c = text.charCodeAt(i);
    let cp = c;
    let len = 1;
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < n) {
      const d = text.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        cp = ((c - 0xd800) << 10) + (d - 0xdc00) + 0x10000;
        len = 2;
      }
    }
    const cls = classOf(cp);
    if (inWord) {
      if (
        cls !== WORD &&
        cls !== IGN &&
        !((c === 0x2e || c === 0x2c) && isDigit(text.charCodeAt(i - 1)) && i + 1 < nextEntity && isDigit(text.charCodeAt(i + 1)))
      ) {
        v.word(runStart, i);
        runStart = i;
        inWord = false;
      }
    } else if (cls === WORD) {
      if (i > runStart) v.sep(runStart, i);
      runStart = i;
      inWord = true;
    }
    i += len;
  }
  if (n > runStart) inWord ? v.word(runStart, n) : v.sep(runStart, n);
}
