import { describe, expect, it } from 'vitest';
import { countTerms, emergingTerms, MIN_BASELINE_WEEKS, type TermCounts } from '../../src/digest/emerging-terms.js';

const words = (s: string) => s.split(' ');

function week(docs: string[]): TermCounts {
  return countTerms(docs.map(words));
}

describe('countTerms', () => {
  it('counts each 2-4 syllable n-gram once per document and skips function words and numbers', () => {
    const c = countTerms([words('công nhân công nhân của nhà máy'), words('lương 5 triệu của công nhân')]);
    expect(c.docs).toBe(2);
    expect(c.counts.get('công nhân')).toBe(2);
    expect(c.counts.get('nhà máy')).toBe(1);
    expect(c.counts.has('của nhà')).toBe(false);
    expect(c.counts.has('nhân của')).toBe(false);
    expect(c.counts.has('5')).toBe(false);
    expect(c.counts.has('lương 5')).toBe(false);
    // No single syllables, and no function word anywhere in a term.
    expect(c.counts.has('công')).toBe(false);
    expect(c.counts.has('lương')).toBe(false);
    expect(c.counts.has('nhân của nhà')).toBe(false);
  });
});

describe('emergingTerms', () => {
  const filler = (n: number) => Array.from({ length: n }, (_, i) => `công nhân làm ca đêm ngày ${i % 7 === 0 ? 'lễ' : 'thường'}`);

  it('ranks a term that appears this week above steady terms', () => {
    const previous = [week(filler(100)), week(filler(100)), week(filler(100)), week(filler(100))];
    const current = week([...filler(90), ...Array.from({ length: 10 }, () => 'tin đồn thưởng tết bị cắt')]);
    const terms = emergingTerms(current, previous, { minCount: 5 });
    expect(terms[0].term).toMatch(/thưởng tết|tin đồn/);
    expect(terms.map((t) => t.term)).not.toContain('công nhân');
    // One theme shows once: no sub-phrase of a picked phrase.
    const all = terms.map((t) => ` ${t.term} `);
    for (const a of all) for (const b of all) if (a !== b) expect(a.includes(b)).toBe(false);
  });

  it('requires the minimum count and the minimum rise', () => {
    const previous = [week(filler(50)), week(filler(50)), week(filler(50)), week(filler(50))];
    const current = week([...filler(50), 'vắc xin giả', 'vắc xin giả']);
    expect(emergingTerms(current, previous, { minCount: 3 })).toEqual([]);
    expect(emergingTerms(current, previous, { minCount: 2 }).map((t) => t.term)).toContain('vắc xin giả');
  });

  it('a term that was already as common before does not emerge', () => {
    const docs = [...filler(80), ...Array.from({ length: 20 }, () => 'đình công đòi tăng lương')];
    expect(emergingTerms(week(docs), [week(docs), week(docs)], { minCount: 5 })).toEqual([]);
  });

  it('smoothing keeps an empty baseline finite and an empty week empty', () => {
    const terms = emergingTerms(week(Array.from({ length: 6 }, () => 'bảo hiểm xã hội')), [], { minCount: 5 });
    expect(terms.length).toBeGreaterThan(0);
    for (const t of terms) expect(Number.isFinite(t.ratio) && Number.isFinite(t.score)).toBe(true);
    expect(emergingTerms({ docs: 0, counts: new Map() }, [])).toEqual([]);
  });
});

describe('emerging terms read as real terms', () => {
  const filler = (n: number, salt = '') => Array.from({ length: n }, (_, i) => `công nhân làm ca đêm ở nhà máy ${['một', 'hai', 'ba'][i % 3]}${salt}`);
  const history = () => Array.from({ length: MIN_BASELINE_WEEKS }, () => week(filler(120)));
  // Varied sentences, as people write: the term is what they share, not the words around it.
  const varied = (term: string, n: number) =>
    Array.from({ length: n }, (_, i) => `${['hôm qua', 'nghe nói', 'anh em bảo', 'ở xưởng'][i % 4]} ${term} ${['rồi', 'tháng này', 'kéo dài', 'mãi không xong', 'quá lâu'][i % 5]} ${['thật', 'nữa', 'luôn'][i % 3]}`);

  it('shows multi-syllable terms, never a single syllable or a function word', () => {
    const current = week([...filler(100), ...varied('công đoàn độc lập', 12), ...varied('nợ lương', 15), ...varied('vắc xin', 10)]);
    const terms = emergingTerms(current, history(), { minCount: 5 }).map((t) => t.term);
    expect(terms).toEqual(expect.arrayContaining(['công đoàn độc lập', 'nợ lương', 'vắc xin']));
    for (const t of terms) expect(t.split(' ').length).toBeGreaterThanOrEqual(2);
    for (const bad of ['công', 'lập', 'đoàn độc', 'độc lập', 'công đoàn', 'lương rồi', 'của']) expect(terms).not.toContain(bad);
  });

  it('drops a shorter term inside a longer one that explains it, keeps one used on its own', () => {
    const current = week([...filler(100), ...varied('công đoàn độc lập', 12), ...varied('bảo hiểm', 20), ...varied('bảo hiểm xã hội', 6)]);
    const terms = emergingTerms(current, history(), { minCount: 5 }).map((t) => t.term);
    expect(terms).toContain('công đoàn độc lập');
    expect(terms).not.toContain('công đoàn');
    // "bảo hiểm" is mostly said on its own (20 of 26): it stays, its longer form overlaps and goes.
    expect(terms).toContain('bảo hiểm');
  });

  it('states a rise only with a baseline of four weeks; before that, new this week by count', () => {
    const current = week([...filler(100), ...varied('nợ lương', 15), ...varied('vắc xin', 8)]);
    const thin = emergingTerms(current, [week(filler(30))], { minCount: 5 });
    expect(thin.map((t) => t.term).slice(0, 2)).toEqual(['nợ lương', 'vắc xin']);
    expect(thin[0]).toMatchObject({ count: 15, baseline: 0 });
    const full = emergingTerms(current, history(), { minCount: 5 });
    expect(full[0].term).toBe('nợ lương');
    expect(full[0].ratio).toBeGreaterThan(10);
  });
});
