import { findEntities } from './entities.js';
import { SEG_WORD, segment, SEGMENTS } from './segment.js';
import { wordForms } from './word-forms.js';

/**
 * Folded search form: the tokens' folds joined by single spaces (lowercase, no diacritics, đ → d,
 * teencode expanded, URLs/e-mails/phones/mentions left out). Equals analyze(text).folded; use it
 * for search queries. Idempotent; never throws.
 */
export function foldText(text: string): string {
  const used = segment(text, findEntities(text));
  const seg = SEGMENTS;
  let out = '';
  for (let s = 0; s < used; s += 3) {
    if (seg[s] !== SEG_WORD) continue;
    const folds = wordForms(text.slice(seg[s + 1], seg[s + 2])).folds;
    for (let k = 0; k < folds.length; k++) out = out.length === 0 ? folds[k] : out + ' ' + folds[k];
  }
  return out;
}
