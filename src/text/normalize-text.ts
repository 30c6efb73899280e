import { entityDisplay, startsWithMark } from './analyze.js';
import { findEntities } from './entities.js';
import { SEG_SEP, SEG_WORD, segment, SEGMENTS } from './segment.js';
import { tidySeparator } from './tidy-separator.js';
import { wordForms } from './word-forms.js';

/**
 * Canonical display form: NFC, lookalikes fixed, classic tone placement, whitespace tidied, case
 * and teencode kept as written. Equals analyze(text).normalized; idempotent; never throws.
 */
export function normalizeText(text: string): string {
  const n = text.length;
  const entities = findEntities(text);
  const used = segment(text, entities);
  const seg = SEGMENTS;
  let out = '';
  let recompose = false;
  for (let s = 0; s < used; s += 3) {
    const kind = seg[s];
    const start = seg[s + 1];
    const end = seg[s + 2];
    if (kind === SEG_WORD) {
      const display = wordForms(text.slice(start, end)).display;
      if (out.length > 0 && startsWithMark(display)) recompose = true;
      out += display;
    }
    else if (kind === SEG_SEP) out += tidySeparator(text, start, end, start === 0, end === n);
    else out += entityDisplay(text, entities[start]);
  }
  return recompose ? out.normalize('NFC') : out;
}
