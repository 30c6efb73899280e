import type { Entity } from '../types.js';
import { findEntities } from './entities.js';
import { segment } from './segment.js';
import { tidySeparator } from './tidy-separator.js';
import type { TextAnalysis, Token } from './types.js';
import { wordForms } from './word-forms.js';

/** Display form of an entity: as written, NFC, no-break spaces as spaces. */
export function entityDisplay(text: string, e: Entity): string {
  return text.slice(e.start, e.end).normalize('NFC').replace(/\u00a0/g, ' ');
}

/** Normalise, tokenise and find entities in one pass over the text. Never throws. */
export function analyze(text: string): TextAnalysis {
  const entities = findEntities(text);
  const tokens: Token[] = [];
  const folds: string[] = [];
  let normalized = '';
  const n = text.length;
  segment(text, entities, {
    word(start, end) {
      const f = wordForms(text.slice(start, end));
      normalized += f.display;
      for (let k = 0; k < f.norms.length; k++) {
        tokens.push({ norm: f.norms[k], fold: f.folds[k], start, end });
        folds.push(f.folds[k]);
      }
    },
    sep(start, end) {
      normalized += tidySeparator(text, start, end, start === 0, end === n);
    },
    entity(e) {
      normalized += entityDisplay(text, e);
    },
  });
  return { original: text, normalized, folded: folds.join(' '), tokens, entities };
}
