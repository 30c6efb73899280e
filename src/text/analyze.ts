import type { Entity } from '../types.js';
import { findEntities } from './entities.js';
import { SEG_SEP, SEG_WORD, segment, SEGMENTS } from './segment.js';
import { tidySeparator } from './tidy-separator.js';
import type { TextAnalysis, Token } from './types.js';
import { wordForms } from './word-forms.js';

/** Display form of an entity: as written, NFC, no-break spaces as spaces. */
export function entityDisplay(text: string, e: Entity): string {
  return text.slice(e.start, e.end).normalize('NFC').replace(/\u00a0/g, ' ');
}

const RE_MARK = /^\p{M}/u;

/**
 * A word that starts with a combining mark may compose with what precedes it (an entity's last
 * letter, a symbol), so the joined text needs one more NFC pass to be NFC.
 */
export function startsWithMark(display: string): boolean {
  return display.charCodeAt(0) >= 0x300 && RE_MARK.test(display);
}

/** Normalise, tokenise and find entities in one pass over the text. Never throws. */
export function analyze(text: string): TextAnalysis {
  const entities = findEntities(text);
  const tokens: Token[] = [];
  let normalized = '';
  let folded = '';
  let recompose = false;
  const n = text.length;
  const used = segment(text, entities);
  const seg = SEGMENTS;
  for (let s = 0; s < used; s += 3) {
    const kind = seg[s];
    const start = seg[s + 1];
    const end = seg[s + 2];
    if (kind === SEG_WORD) {
      const f = wordForms(text.slice(start, end));
      if (normalized.length > 0 && startsWithMark(f.display)) recompose = true;
      normalized += f.display;
      for (let k = 0; k < f.norms.length; k++) {
        const fold = f.folds[k];
        tokens.push({ norm: f.norms[k], fold, start, end });
        folded = folded.length === 0 ? fold : folded + ' ' + fold;
      }
    } else if (kind === SEG_SEP) {
      normalized += tidySeparator(text, start, end, start === 0, end === n);
    } else {
      normalized += entityDisplay(text, entities[start]);
    }
  }
  if (recompose) normalized = normalized.normalize('NFC');
  return { original: text, normalized, folded, tokens, entities };
}
