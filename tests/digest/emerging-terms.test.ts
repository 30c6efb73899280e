import { describe, expect, it } from 'vitest';
import { countTerms, emergingTerms, type TermCounts } from '../../src/digest/emerging-terms.js';

const words = (s: string) => s.split(' ');

function week(docs: string[]): TermCounts {
  return countTerms(docs.map(words));
}

describe('countTerms', () => {
  it('counts each n-gram once per document and skips function-word edges and numbers', () => {
    const c = countTerms([words('công nhân công nhân của nhà máy'), words('lương 5 triệu của công nhân')]);
    expect(c.docs).toBe(2);
    expect(c.counts.get('công nhân')).toBe(2);
    expect(c.counts.get('nhà máy')).toBe(1);
    expect(c.counts.has('của nhà')).toBe(false);
    expect(c.counts.has('nhân của')).toBe(false);
    expect(c.counts.has('5')).toBe(false);
    expect(c.counts.has('lương 5')).toBe(false);
    // Inner function words are fine: "nhân của nhà" is a trigram edge-checked only.
    expect(c.counts.get('nhân của nhà')).toBe(1);
  });
});

describe('emergingTerms', () => {
  const filler = (n: number) => Array.from({ length: n }, (_, i) => `công nhân làm ca đêm ngày ${i % 7 === 0 ? 'lễ' : 'thường'}`);

  it('ranks a term that appears this week above steady terms', () => {
    const previous = [week(filler(100)), week(filler(100)), week(filler(100)), week(filler(100))];
    const current = week([...filler(90), ...Array.from({ length: 10 }, () => 'tin đồn thưởng tết bị cắt')]);
    const terms = emergingTerms(current, previous, { minCount: 5 });
    expect(terms[0].term).toMatch(/thưởng tết|tin đồn|bị cắt/);
    expect(terms.map((t) => t.term)).not.toContain('công nhân');
    // One theme shows once: no sub-phrase of a picked phrase.
    const all = terms.map((t) => ` ${t.term} `);
    for (const a of all) for (const b of all) if (a !== b) expect(a.includes(b)).toBe(false);
  });

  it('requires the minimum count and the minimum rise', () => {
    const previous = [week(filler(50))];
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
