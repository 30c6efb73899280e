import { foldText } from './fold-text.js';

/**
 * The saved-search language of watchlists (and of the queue's search box): words are folded like
 * the indexed text (no diacritics, teencode expanded), so "cong doan" finds "công đoàn"; "quoted
 * words" are a phrase; AND (the default between words), OR and NOT (uppercase) combine them, with
 * parentheses. The result is an FTS5 expression over items_fts in which every term is quoted, so
 * nothing a user types reaches FTS5 as syntax.
 *
 * A search is about words in posts, never about who wrote them: a handle (@name) or a field prefix
 * (author:, tac gia:, …) is refused rather than silently searched as text.
 */
export type SearchParse =
  | { ok: true; match: string; terms: string[] }
  | { ok: false; error: 'empty' | 'author' | 'syntax' | 'too_long' };

type Node = { t: 'term'; words: string[] } | { t: 'and'; pos: Node[]; neg: Node[] } | { t: 'or'; kids: Node[] };
type Tok = { k: 'word' | 'phrase'; v: string } | { k: 'AND' | 'OR' | 'NOT' | '(' | ')' };

export const MAX_QUERY_CHARS = 300;
const MAX_TERMS = 40;
// `@name`, `author:x`, `from: x`, `tác giả: x`: a field prefix is any word followed by a colon.
const AUTHORISH = /(^|[\s("])@[\p{L}\p{N}_.]|[\p{L}_]\s*:/u;

function tokenize(q: string): Tok[] | null {
  const out: Tok[] = [];
  let i = 0;
  while (i < q.length) {
    const ch = q[i];
    if (/\s/.test(ch)) i++;
    else if (ch === '(' || ch === ')') (out.push({ k: ch }), i++);
    else if (ch === '"' || ch === '“' || ch === '”') {
      const end = q.slice(i + 1).search(/["“”]/);
      if (end < 0) return null;
      out.push({ k: 'phrase', v: q.slice(i + 1, i + 1 + end) });
      i += end + 2;
    } else {
      const m = /^[^\s()"“”]+/.exec(q.slice(i))!;
      const w = m[0];
      out.push(w === 'AND' || w === 'OR' || w === 'NOT' ? { k: w } : { k: 'word', v: w });
      i += w.length;
    }
  }
  return out;
}

export function parseSearch(query: string): SearchParse {
  if (query.length > MAX_QUERY_CHARS) return { ok: false, error: 'too_long' };
  if (AUTHORISH.test(query)) return { ok: false, error: 'author' };
  const toks = tokenize(query);
  if (!toks) return { ok: false, error: 'syntax' };
  let pos = 0;
  const terms: string[] = [];
  const peek = () => toks[pos];

  const primary = (): Node | null | 'skip' => {
    const tok = toks[pos++];
    if (!tok) return null;
    if (tok.k === '(') {
      const inner = or();
      if (!inner || toks[pos++]?.k !== ')') return null;
      return inner;
    }
    if (tok.k === 'word' || tok.k === 'phrase') {
      const words = foldText(tok.v).split(/\s+/).filter(Boolean);
      if (words.length === 0) return 'skip'; // punctuation only: nothing to search for
      terms.push(words.join(' '));
      return { t: 'term', words };
    }
    return null;
  };
  const and = (): Node | null => {
    const node: Node & { t: 'and' } = { t: 'and', pos: [], neg: [] };
    for (;;) {
      const tok = peek();
      if (!tok || tok.k === ')' || tok.k === 'OR') break;
      if (tok.k === 'AND') {
        pos++;
        continue;
      }
      const negate = tok.k === 'NOT';
      if (negate) pos++;
      const p = primary();
      if (p === null) return null;
      if (p === 'skip') continue;
      (negate ? node.neg : node.pos).push(p);
    }
    // "NOT x" alone would match every other post: FTS5 cannot express it, and it is never meant.
    if (node.pos.length === 0) return null;
    return node.pos.length === 1 && node.neg.length === 0 ? node.pos[0] : node;
  };
  function or(): Node | null {
    const kids: Node[] = [];
    for (;;) {
      const a = and();
      if (!a) return null;
      kids.push(a);
      if (peek()?.k !== 'OR') break;
      pos++;
    }
    return kids.length === 1 ? kids[0] : { t: 'or', kids };
  }

  if (toks.every((t) => (t.k === 'word' || t.k === 'phrase') && foldText(t.v).trim() === '')) return { ok: false, error: 'empty' };
  const root = or();
  if (!root || pos !== toks.length) return { ok: false, error: 'syntax' };
  if (terms.length === 0) return { ok: false, error: 'empty' };
  if (terms.length > MAX_TERMS) return { ok: false, error: 'too_long' };
  return { ok: true, match: emit(root), terms };
}

/** Fully parenthesised, so the result never depends on FTS5's own operator precedence. */
function emit(n: Node): string {
  if (n.t === 'term') return `"${n.words.join(' ').replace(/"/g, '""')}"`;
  if (n.t === 'or') return `(${n.kids.map(emit).join(' OR ')})`;
  let s = n.pos.length === 1 ? emit(n.pos[0]) : `(${n.pos.map(emit).join(' AND ')})`;
  for (const x of n.neg) s = `(${s} NOT ${emit(x)})`;
  return s;
}
