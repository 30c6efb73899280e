import { analyze, type Token } from '../text/index.js';
import type { FeatureIndex, PositionFeatures } from './feature-index.js';

export type Field = 'title' | 'text';

/**
 * The analysed tokens of one item (title first, then text) in parallel arrays, shared by the rule
 * engine, the model features and the claim matcher so that a post is analysed exactly once.
 * Offsets (`start`/`end`) refer to the original string of the token's own field.
 */
export interface TokenStream {
  norm: string[];
  fold: string[];
  start: number[];
  end: number[];
  field: Field[];
  /** `brk[i]` is true when a sentence or field boundary lies before token i: phrases never cross it. */
  brk: boolean[];
  length: number;
  /** Tokens whose original spelling carries a diacritic (or any non-ASCII letter). */
  typedAccents: number;
  /** Feature strings, computed once on first use (see features.ts). */
  features?: FeatureView;
  /** Feature indices per vocabulary looked up so far (see feature-index.ts). */
  positions?: { index: FeatureIndex; features: PositionFeatures }[];
  /** Phrase hits per phrase matcher found so far (see phrase-matcher.ts); passages slice them. */
  phraseHits?: { matcher: object; hits: { phrase: number; from: number; to: number }[] }[];
}

/** Per token: folded and normalised unigram and bigram feature names (null where none). */
export interface FeatureView {
  uni: string[];
  bi: (string | null)[];
  nuni: (string | null)[];
  nbi: (string | null)[];
}

/**
 * A text is "typed with accents" when at least this share of its syllables carry diacritics
 * (Vietnamese typed with accents has 60–80%; typed without, close to 0). In such a text a plain
 * syllable really is plain: "dung dịch" does not contain "đừng".
 */
export const ACCENTED_TEXT_RATIO = 0.3;

export function typedWithAccents(stream: TokenStream): boolean {
  return stream.length > 0 && stream.typedAccents >= ACCENTED_TEXT_RATIO * stream.length;
}

// Sentence-ending punctuation and line breaks between two tokens end a phrase.
function hasBreak(s: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) {
    const c = s.charCodeAt(i);
    // . ! ? ; : \n \r …
    if (c === 46 || c === 33 || c === 63 || c === 59 || c === 58 || c === 10 || c === 13 || c === 0x2026) return true;
  }
  return false;
}

function hasNonAscii(s: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) if (s.charCodeAt(i) > 0x7f) return true;
  return false;
}

export function emptyStream(): TokenStream {
  return { norm: [], fold: [], start: [], end: [], field: [], brk: [], length: 0, typedAccents: 0 };
}

export function appendTokens(stream: TokenStream, original: string, tokens: Token[], field: Field): void {
  let prevEnd = -1;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    let brk: boolean;
    if (i === 0) brk = true;
    else if (t.start === prevEnd || t.start < prevEnd) brk = false; // same source token expanded, or adjacent
    else brk = hasBreak(original, prevEnd, t.start);
    stream.norm.push(t.norm);
    stream.fold.push(t.fold);
    stream.start.push(t.start);
    stream.end.push(t.end);
    stream.field.push(field);
    stream.brk.push(brk);
    if (hasNonAscii(original, t.start, t.end)) stream.typedAccents++;
    prevEnd = t.end;
  }
  stream.length = stream.norm.length;
}

export function streamOf(input: { text: string; title?: string }): TokenStream {
  const text = analyze(input.text).tokens;
  if (!input.title) {
    // The common case, built in one go (no array growth).
    const n = text.length;
    const stream: TokenStream = {
      norm: new Array(n),
      fold: new Array(n),
      start: new Array(n),
      end: new Array(n),
      field: new Array(n).fill('text'),
      brk: new Array(n),
      length: n,
      typedAccents: 0,
    };
    const original = input.text;
    let prevEnd = -1;
    for (let i = 0; i < n; i++) {
      const t = text[i];
      stream.norm[i] = t.norm;
      stream.fold[i] = t.fold;
      stream.start[i] = t.start;
      stream.end[i] = t.end;
      stream.brk[i] = i === 0 ? true : t.start <= prevEnd ? false : hasBreak(original, prevEnd, t.start);
      if (hasNonAscii(original, t.start, t.end)) stream.typedAccents++;
      prevEnd = t.end;
    }
    return stream;
  }
  const stream = emptyStream();
  appendTokens(stream, input.title, analyze(input.title).tokens, 'title');
  appendTokens(stream, input.text, text, 'text');
  return stream;
}

/**
 * Tokens [from, to) of a stream as a stream of their own (a passage of a long text), sharing the
 * analysis already done: no re-normalisation, and feature lookups already made are sliced too.
 * Offsets still refer to the original field text.
 */
export function subStream(stream: TokenStream, from: number, to: number): TokenStream {
  const cut = <T,>(a: T[]) => a.slice(from, to);
  const sub: TokenStream = {
    norm: cut(stream.norm),
    fold: cut(stream.fold),
    start: cut(stream.start),
    end: cut(stream.end),
    field: cut(stream.field),
    brk: cut(stream.brk),
    length: Math.max(0, to - from),
    // Spelling is a property of the whole text: a passage is typed like the text it comes from.
    typedAccents: stream.length > 0 ? Math.round((stream.typedAccents * (to - from)) / stream.length) : 0,
  };
  if (sub.length > 0) sub.brk[0] = true;
  if (stream.features) {
    const f = stream.features;
    sub.features = { uni: cut(f.uni), bi: cut(f.bi), nuni: cut(f.nuni), nbi: cut(f.nbi) };
    if (sub.length > 0) {
      sub.features.bi[0] = null;
      sub.features.nbi[0] = null;
    }
  }
  if (stream.positions) {
    sub.positions = stream.positions.map(({ index, features: p }) => {
      const slice = (a: Int32Array) => (a.length === 0 ? a : a.slice(from, to));
      const features = { uni: slice(p.uni), bi: slice(p.bi), nuni: slice(p.nuni), nbi: slice(p.nbi) };
      if (sub.length > 0) {
        features.bi[0] = -1;
        if (features.nbi.length > 0) features.nbi[0] = -1;
      }
      return { index, features };
    });
  }
  if (stream.phraseHits) {
    // A phrase never crosses a sentence break, and passages start at one: hits inside stay whole.
    sub.phraseHits = stream.phraseHits.map(({ matcher, hits }) => ({
      matcher,
      hits: hits.filter((h) => h.from >= from && h.to <= to).map((h) => ({ phrase: h.phrase, from: h.from - from, to: h.to - from })),
    }));
  }
  return sub;
}

/** The token range [from, to) of the text field lying inside characters [start, end) of the text. */
export function textTokenRange(stream: TokenStream, start: number, end: number): [number, number] {
  let from = 0;
  while (from < stream.length && (stream.field[from] !== 'text' || stream.start[from] < start)) from++;
  let to = from;
  while (to < stream.length && stream.field[to] === 'text' && stream.end[to] <= end) to++;
  return [from, to];
}
