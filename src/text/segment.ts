import type { Entity } from '../types.js';
import { classOf, IGN, WORD } from './char-class.js';

export const SEG_WORD = 0;
export const SEG_SEP = 1;
export const SEG_ENTITY = 2;

/**
 * Segments of the last `segment()` call as triplets (kind, start, end); for SEG_ENTITY, `start` is
 * the index into the entity list. A shared buffer instead of callbacks keeps the hot loop
 * monomorphic and allocation-free. Callers must read it before calling `segment()` again.
 */
export let SEGMENTS = new Int32Array(3 * 256);

function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}

let count = 0;
function push(kind: number, start: number, end: number): void {
  if (count + 3 > SEGMENTS.length) {
    const bigger = new Int32Array(SEGMENTS.length * 2);
    bigger.set(SEGMENTS);
    SEGMENTS = bigger;
  }
  SEGMENTS[count] = kind;
  SEGMENTS[count + 1] = start;
  SEGMENTS[count + 2] = end;
  count += 3;
}

/**
 * Cut the ORIGINAL text into word runs (letters, marks, digits, with invisible characters inside
 * them), separator runs and the given entity spans (sorted, non-overlapping). A '.' or ',' between
 * two digits stays inside a run of digits, so "1.500.000", "3,5" and "4.500.000đ" are single tokens.
 * Returns the number of Int32 slots used in SEGMENTS (3 per segment).
 */
export function segment(text: string, entities: readonly Entity[]): number {
  count = 0;
  const n = text.length;
  let ei = 0;
  let nextEntity = entities.length > 0 ? entities[0].start : n;
  let runStart = 0;
  let inWord = false;
  // A run made only of ASCII digits so far may continue over "." or "," (1.500.000, 3,5). Not
  // after letters: the join must not depend on characters that normalisation rewrites.
  let digitsOnly = false;
  let i = 0;
  while (i < n) {
    if (i === nextEntity) {
      if (i > runStart) push(inWord ? SEG_WORD : SEG_SEP, runStart, i);
      inWord = false;
      push(SEG_ENTITY, ei, 0);
      i = entities[ei++].end;
      runStart = i;
      nextEntity = ei < entities.length ? entities[ei].start : n;
      continue;
    }
    const c = text.charCodeAt(i);
    let cls: number;
    let len = 1;
    if (c < 0xd800 || c > 0xdbff || i + 1 >= n) {
      cls = classOf(c);
    } else {
      const d = text.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        cls = classOf(((c - 0xd800) << 10) + (d - 0xdc00) + 0x10000);
        len = 2;
      } else {
        cls = classOf(c);
      }
    }
    if (inWord) {
      if (
        cls !== WORD &&
        cls !== IGN &&
        !((c === 0x2e || c === 0x2c) && digitsOnly && i + 1 < nextEntity && isDigit(text.charCodeAt(i + 1)))
      ) {
        push(SEG_WORD, runStart, i);
        runStart = i;
        inWord = false;
      } else if (digitsOnly && !isDigit(c) && c !== 0x2e && c !== 0x2c) {
        digitsOnly = false;
      }
    } else if (cls === WORD) {
      if (i > runStart) push(SEG_SEP, runStart, i);
      runStart = i;
      inWord = true;
      digitsOnly = isDigit(c);
    }
    i += len;
  }
  if (n > runStart) push(inWord ? SEG_WORD : SEG_SEP, runStart, n);
  return count;
}
