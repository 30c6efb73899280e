import { findEntities } from './entities.js';
import { segment } from './segment.js';
import { wordForms } from './word-forms.js';

/**
 * Folded search form: the tokens' folds joined by single spaces (lowercase, no diacritics, đ → d,
 * teencode expanded, URLs/e-mails/phones/mentions left out). Equals analyze(text).folded; use it
 * for search queries. Idempotent; never throws.
 */
export function foldText(text: string): string {
  let out = '';
  segment(text, findEntities(text), {
    word(start, end) {
      const folds = wordForms(text.slice(start, end)).folds;
      for (let k = 0; k < folds.length; k++) out += out.length === 0 ? folds[k] : ' ' + folds[k];
    },
    sep() {},
    entity() {},
  });
  return out;
}
