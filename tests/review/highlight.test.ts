import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { marksFor, safeHttpUrl, segments, spanTexts } from '../../src/review/highlight.js';
import type { Reason } from '../../src/types.js';

describe('segments', () => {
  it('cuts overlapping spans into adjacent marked segments', () => {
    const s = segments('abcdefgh', [
      { start: 1, end: 4, label: 'a', ruleId: 'r1' },
      { start: 3, end: 6, label: 'b', ruleId: 'r2' },
    ]);
    expect(s.map((x) => [x.text, x.marks.map((m) => m.ruleId).join('+')])).toEqual([
      ['a', ''], ['bc', 'r1'], ['d', 'r1+r2'], ['ef', 'r2'], ['gh', ''],
    ]);
  });

  it('ignores spans outside the text or empty instead of throwing', () => {
    expect(segments('abc', [{ start: 2, end: 10, label: 'a', ruleId: 'x' }, { start: 1, end: 1, label: 'a', ruleId: 'y' }, { start: -1, end: 2, label: 'a', ruleId: 'z' }])).toEqual([{ text: 'abc', marks: [] }]);
    expect(segments('', [])).toEqual([]);
  });

  it('always reassembles the original text exactly (property)', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 60 }), fc.array(fc.tuple(fc.integer({ min: -5, max: 70 }), fc.integer({ min: -5, max: 70 })), { maxLength: 8 }), (text, pairs) => {
        const marks = pairs.map(([a, b], i) => ({ start: a, end: b, label: 'l', ruleId: `r${i}` }));
        const segs = segments(text, marks);
        expect(segs.map((s) => s.text).join('')).toBe(text);
        for (const s of segs) expect(s.text.length).toBeGreaterThan(0);
      }),
    );
  });
});

describe('marksFor / spanTexts', () => {
  const reasons: Reason[] = [
    { kind: 'rule', label: 'covid_false', ruleId: 't', weight: 1, spans: [{ start: 0, end: 3 }], field: 'title' },
    { kind: 'rule', label: 'covid_false', ruleId: 'x', weight: 1, spans: [{ start: 4, end: 7 }] },
    { kind: 'guard', label: 'covid_false', ruleId: 'g', weight: -1, spans: [{ start: 0, end: 2 }] },
    { kind: 'model', label: 'covid_false', features: [], probability: 0.9 },
  ];
  it('splits marks by field (no field = text)', () => {
    expect(marksFor(reasons, 'title').map((m) => m.ruleId)).toEqual(['t']);
    expect(marksFor(reasons, 'text').map((m) => m.ruleId)).toEqual(['x', 'g']);
  });
  it('lists distinct matched words', () => {
    expect(spanTexts('tỏi và tỏi', [{ start: 0, end: 3 }, { start: 7, end: 10 }, { start: 50, end: 60 }])).toEqual(['tỏi']);
  });
});

describe('safeHttpUrl', () => {
  it.each([
    ['https://a.vn/x?y=1', 'https://a.vn/x?y=1'],
    ['http://a.vn', 'http://a.vn/'],
    ['javascript:alert(1)', null],
    ['JaVaScRiPt:alert(1)', null],
    ['data:text/html,<script>', null],
    ['//evil.example', null],
    ['file:///etc/passwd', null],
    ['', null],
    [null, null],
  ])('%s → %s', (input, out) => expect(safeHttpUrl(input)).toBe(out));
});
