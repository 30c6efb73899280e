import type { SqlDb } from './sql-db.js';

/**
 * Full-text search on either engine. Queries arrive as the FTS5 expressions that
 * `ftsQuery` (item-reads.ts) and `parseSearch` (src/text/search-query.ts) build: every term quoted
 * and folded, combined with AND, OR, NOT and parentheses; no prefix or column syntax. SQLite runs
 * them on items_fts; PostgreSQL on items.folded_tsv (to_tsvector('simple', folded), GIN-indexed),
 * after `toTsquery` rewrites them. Both match whole folded words, and a quoted group of words as a
 * phrase, so "cong doan doc lap" finds "công đoàn độc lập" on both.
 */

/**
 * FTS5 expression → `to_tsquery('simple', …)` text: a quoted term becomes a quoted tsquery operand
 * (PostgreSQL's parser splits it into words joined by <->, a phrase, as FTS5 does), AND and the
 * implicit AND between terms become &, OR |, and FTS5's binary `a NOT b` becomes `a & !b`.
 */
export function toTsquery(match: string): string {
  let out = '';
  let operand = false; // the previous token ends an operand: a following operand is ANDed
  for (let i = 0; i < match.length; ) {
    const ch = match[i];
    if (/\s/.test(ch)) {
      i++;
    } else if (ch === '"') {
      let term = '';
      for (i++; i < match.length; i++) {
        if (match[i] === '"') {
          if (match[i + 1] === '"') (term += '"'), i++;
          else break;
        } else term += match[i];
      }
      i++;
      if (operand) out += ' & ';
      out += `'${term.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`;
      operand = true;
    } else if (ch === '(') {
      if (operand) out += ' & ';
      out += '(';
      operand = false;
      i++;
    } else if (ch === ')') {
      out += ')';
      operand = true;
      i++;
    } else {
      const word = /^[A-Z]+/.exec(match.slice(i))?.[0];
      if (word === 'AND') out += ' & ';
      else if (word === 'OR') out += ' | ';
      else if (word === 'NOT') out += ' & !';
      else throw new Error(`unexpected search syntax at ${i}: ${match.slice(i, i + 10)}`);
      i += word.length;
      operand = false;
    }
  }
  return out;
}

/** The parameter to bind where `ftsCondition` / `ftsIds` put their `?`. */
export function ftsParam(db: SqlDb, match: string): string {
  return db.dialect === 'postgres' ? toTsquery(match) : match;
}

/** Subquery of the ids of items matching one `?` (bind `ftsParam(db, match)`), any order. */
export function ftsIds(db: SqlDb, param = '?'): string {
  return db.dialect === 'postgres'
    ? `SELECT id FROM items WHERE folded_tsv @@ to_tsquery('simple', ${param})`
    : `SELECT rowid AS id FROM items_fts WHERE items_fts MATCH ${param}`;
}

/** `SELECT count(*) AS n` of matching items, reading at most `cap` of them (an exact count of a common word reads its whole posting list). */
export function ftsCountCapped(db: SqlDb, cap: number, param = '?'): string {
  return `SELECT count(*) AS n FROM (${ftsIds(db, param)} LIMIT ${cap}) AS capped`;
}
