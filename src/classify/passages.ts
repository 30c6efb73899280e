/**
 * Splits a long text into passages (paragraphs, or runs of sentences up to a size) so that one
 * clearly false paragraph in a long article is scored on its own instead of being diluted by the
 * rest, and a long neutral article does not pile up topic words. Offsets index the original text.
 */
export interface Passage {
  start: number;
  end: number;
  text: string;
}

/** Texts shorter than this are scored as a whole only (posts, comments, headline + lead). */
export const PASSAGE_MIN_TEXT = 700;
const TARGET = 450;
const MAX = 900;

const SENTENCE_END = /[.!?…]+["”»)]*\s+|\n+/g;

export function splitPassages(text: string): Passage[] {
  if (text.length < PASSAGE_MIN_TEXT) return [];
  // Sentence pieces with their offsets; a piece longer than MAX is cut at a space.
  const pieces: { start: number; end: number }[] = [];
  let from = 0;
  SENTENCE_END.lastIndex = 0;
  for (let m = SENTENCE_END.exec(text); m; m = SENTENCE_END.exec(text)) {
    pushPiece(text, from, m.index + m[0].length, pieces);
    from = m.index + m[0].length;
  }
  pushPiece(text, from, text.length, pieces);
  const out: Passage[] = [];
  let cur: { start: number; end: number } | null = null;
  for (const p of pieces) {
    const paragraphBreak = cur !== null && /\n\s*\n|\n/.test(text.slice(cur.end - 1, p.start + 1));
    if (cur && (p.end - cur.start > MAX || (cur.end - cur.start >= TARGET) || (paragraphBreak && cur.end - cur.start >= TARGET / 3))) {
      out.push(passage(text, cur));
      cur = null;
    }
    cur = cur ? { start: cur.start, end: p.end } : { ...p };
  }
  if (cur) out.push(passage(text, cur));
  // A single passage is the whole text again: nothing to add.
  return out.length > 1 ? out : [];
}

function pushPiece(text: string, start: number, end: number, into: { start: number; end: number }[]): void {
  while (end - start > MAX) {
    let cut = text.lastIndexOf(' ', start + MAX);
    if (cut <= start) cut = start + MAX;
    into.push({ start, end: cut });
    start = cut;
  }
  if (text.slice(start, end).trim().length > 0) into.push({ start, end });
}

function passage(text: string, r: { start: number; end: number }): Passage {
  let { start, end } = r;
  while (start < end && /\s/.test(text[start])) start++;
  while (end > start && /\s/.test(text[end - 1])) end--;
  return { start, end, text: text.slice(start, end) };
}
