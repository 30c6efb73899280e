import { foldWord } from './fold-word.js';
import { cleanWord } from './lookalikes.js';
import { squashRepeats } from './squash.js';
import { ACRONYMS, TEENCODE } from './teencode-data.js';
import { canonicalTone } from './tone-placement.js';

/** Everything derived from one raw word run, computed once and cached. */
export interface WordForms {
  /** Display form: cleaned, NFC, canonical tone placement, case kept. */
  display: string;
  /** Token norms (several when an abbreviation expands); empty when nothing is left. */
  norms: string[];
  folds: string[];
}

let teencode: Map<string, string[]> | undefined;
let asciiTeencode: Map<string, string[]> | undefined;
let acronyms: Map<string, string[]> | undefined;

/** Norm of a single word without abbreviation expansion. */
function baseNorm(display: string): string {
  // Lowercasing can produce a lookalike (Ɡ → ɡ), so clean again before squashing; squashing can
  // leave the tone on a letter that is no longer where it belongs, so place it last.
  const norm = canonicalTone(squashRepeats(cleanWord(display.toLowerCase())));
  // "ðiii" only reads as Vietnamese (đi) once squashed: judge ð again on the final form.
  return norm.includes('\u00f0') ? canonicalTone(cleanWord(norm)) : norm;
}

function tables(): void {
  teencode = new Map();
  asciiTeencode = new Map();
  acronyms = new Map();
  const words = (s: string) => s.split(' ').map((w) => baseNorm(cleanWord(w).normalize('NFC')));
  for (const [k, v] of Object.entries(TEENCODE)) {
    const key = baseNorm(k.normalize('NFC'));
    teencode.set(key, words(v));
    if (/^[a-z0-9]+$/.test(key)) asciiTeencode.set(key, words(v));
  }
  for (const [k, v] of Object.entries(ACRONYMS)) acronyms.set(k.normalize('NFC'), words(v));
}

function compute(raw: string): WordForms {
  const display = canonicalTone(cleanWord(raw));
  if (!teencode) tables();
  const norm = baseNorm(display);
  const fold = foldWord(norm);
  // Diacritic-free keys also match by fold ("kò" is "ko" with a stray mark). Besides being what a
  // reader expects, this keeps foldText idempotent: a fold that spells a key must already be expanded.
  const expanded = acronyms!.get(display) ?? teencode!.get(norm) ?? asciiTeencode!.get(fold);
  const norms = expanded ?? [norm];
  const folds = expanded ? norms.map(foldWord) : [fold];
  if (folds.length === 1 && folds[0] === '') return { display, norms: [], folds: [] };
  return { display, norms, folds };
}

// A two-generation cache: bounded memory, and frequently seen words survive each rotation.
const LIMIT = 50_000;
let young = new Map<string, WordForms>();
let old = new Map<string, WordForms>();

export function wordForms(raw: string): WordForms {
  let f = young.get(raw);
  if (f !== undefined) return f;
  f = old.get(raw);
  if (f === undefined) {
    f = compute(raw);
    if (raw.length > 64) return f; // long runs are rare and would only crowd the cache
  }
  if (young.size >= LIMIT) {
    old = young;
    young = new Map();
  }
  young.set(raw, f);
  return f;
}

