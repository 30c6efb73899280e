import { analyze, type Token } from '../text/index.js';

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
}

// Sentence-ending punctuation and line breaks between two tokens end a phrase.
const BREAK = /[.!?;:\n\r…]/;

export function emptyStream(): TokenStream {
  return { norm: [], fold: [], start: [], end: [], field: [], brk: [], length: 0 };
}

export function appendTokens(stream: TokenStream, original: string, tokens: Token[], field: Field): void {
  let prevEnd = -1;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    let brk: boolean;
    if (i === 0) brk = true;
    else if (t.start === prevEnd || t.start < prevEnd) brk = false; // same source token expanded, or adjacent
    else brk = BREAK.test(original.slice(prevEnd, t.start));
    stream.norm.push(t.norm);
    stream.fold.push(t.fold);
    stream.start.push(t.start);
    stream.end.push(t.end);
    stream.field.push(field);
    stream.brk.push(brk);
    prevEnd = t.end;
  }
  stream.length = stream.norm.length;
}

export function streamOf(input: { text: string; title?: string }): TokenStream {
  const stream = emptyStream();
  if (input.title) appendTokens(stream, input.title, analyze(input.title).tokens, 'title');
  appendTokens(stream, input.text, analyze(input.text).tokens, 'text');
  return stream;
}
