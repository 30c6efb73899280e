import { describe, expect, it } from 'vitest';
import { parseSearch } from '../../src/text/search-query.js';

const match = (q: string) => {
  const r = parseSearch(q);
  return r.ok ? r.match : `error:${r.error}`;
};

describe('saved-search language', () => {
  it('folds words like the index (no diacritics) and ANDs them by default', () => {
    expect(match('Công đoàn')).toBe('("cong" AND "doan")');
    expect(match('cong AND doan')).toBe('("cong" AND "doan")');
  });
  it('quoted phrases, OR, NOT and parentheses, fully parenthesised', () => {
    expect(match('"tăng ca" OR "nợ lương"')).toBe('("tang ca" OR "no luong")');
    expect(match('luong NOT "tang ca"')).toBe('("luong" NOT "tang ca")');
    // "vaccine" folds to "vac xin" exactly as the indexed text does, so both spellings match.
    expect(match('(vaccine OR "tiêm chủng") AND độc NOT "bộ y tế" NOT wikipedia')).toBe('(((("vac xin" OR "tiem chung") AND "doc") NOT "bo y te") NOT "wikipedia")');
  });
  it('lower-case and/or/not are words, not operators', () => {
    expect(match('rock and roll')).toBe('("rock" AND "and" AND "roll")');
  });
  it('refuses what FTS5 cannot run or what would match everything', () => {
    for (const q of ['NOT luong', '"tang ca', '(luong', 'luong)', 'luong OR', 'AND']) expect(match(q), q).toMatch(/^error:syntax/);
    expect(match('   ')).toBe('error:empty');
    expect(match('!!! ...')).toBe('error:empty');
    expect(match('x'.repeat(301))).toBe('error:too_long');
  });
  it('user input never reaches FTS5 as syntax', () => {
    expect(match('a"b')).toMatch(/^error:syntax/);
    expect(match('NEAR(luong tang) *')).not.toContain('NEAR(');
  });
  it('refuses searches about authors: @handles and field prefixes', () => {
    for (const q of ['@nguyenvan_a', 'luong @hung.bd', 'author:hung', 'author: hung', 'tác giả: hùng', 'tac_gia:x', 'from:hung', '(luong OR @x)']) expect(match(q), q).toBe('error:author');
    // An e-mail-looking word inside a post is text (no @ at a word start).
    expect(match('luong abc@example')).not.toMatch(/^error/);
  });
});
