import { entityDisplay } from './analyze.js';
import { findEntities } from './entities.js';
import { segment } from './segment.js';
import { tidySeparator } from './tidy-separator.js';
import { wordForms } from './word-forms.js';

/**
 * Canonical display form: NFC, lookalikes fixed, classic tone placement, whitespace tidied, case
 * and teencode kept as written. Equals analyze(text).normalized; idempotent; never throws.
 */
export function normalizeText(text: string): string {
  const n = text.length;
  let out = '';
  segment(text, findEntities(text), {
    word(start, end) {
      out += wordForms(text.slice(start, end)).display;
    },
    sep(start, end) {
      out += tidySeparator(text, start, end, start === 0, end === n);
    },
    entity(e) {
      out += entityDisplay(text, e);
    },
  });
  return out;
}
