import type { Entity } from '../types.js';

/** One syllable/word token. See CONTRACTS.md: `norm` is the matching form, `fold` the diacritic-free form. */
export interface Token {
  /** NFC, lowercase, canonical tone placement, lookalikes fixed, repeats squashed, teencode expanded. */
  norm: string;
  /** `norm` without diacritics, đ → d. */
  fold: string;
  /** Offsets of the source token in the ORIGINAL input; tokens expanded from one source token share them. */
  start: number;
  end: number;
}

export interface TextAnalysis {
  original: string;
  /** Canonical display form: NFC, lookalikes fixed, canonical tone placement, whitespace tidied. Case kept. */
  normalized: string;
  /** Tokens' `fold` joined by single spaces: what search, FTS and dedupe use. */
  folded: string;
  /** Syllable/word tokens; URLs, e-mails, phone numbers and @mentions are not tokens... */
  tokens: Token[];
  /** ...they are typed spans here, in order of position. */
  entities: Entity[];
}
