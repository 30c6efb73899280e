import { describe, expect, it } from 'vitest';
import { breakdownTable } from '../../src/classify/breakdown-table.js';
import { diacriticShare, diacriticsBucket, evalBreakdown, lengthBucket, sliceFigures, type BreakdownRow } from '../../src/classify/eval-breakdown.js';

// Six rows, figures worked out by hand below (labels a and b).
const ROWS: BreakdownRow[] = [
  { text: 'Công nhân chờ lương', gold: ['a'], predicted: ['a'] }, // r1: < 200, with diacritics
  { text: 'cong nhan cho luong', gold: ['a'], predicted: [] }, // r2: < 200, without
  { text: 'hello world', gold: [], predicted: ['b'] }, // r3: < 200, without; a negative flagged
  { text: 'Lương '.repeat(50), gold: ['b'], predicted: ['b', 'a'] }, // r4: 300 chars, with
  { text: 'a'.repeat(801), gold: [], predicted: [] }, // r5: > 800, without
  { title: 'x'.repeat(100), text: 'y'.repeat(99), gold: ['a', 'b'], predicted: ['b'] }, // r6: 100 + "\n" + 99 = 200 chars, without
];

describe('evaluation breakdown by length and diacritics', () => {
  it('puts title + text into length buckets < 200, 200–800, > 800 characters', () => {
    expect(lengthBucket('x'.repeat(199))).toBe('lt200');
    expect(lengthBucket('x'.repeat(200))).toBe('200to800');
    expect(lengthBucket('x'.repeat(800))).toBe('200to800');
    expect(lengthBucket('x'.repeat(801))).toBe('gt800');
    // code points, not UTF-16 units: 150 emoji are 150 characters
    expect(lengthBucket('😀'.repeat(150))).toBe('lt200');
  });

  it('measures the share of letters carrying a Vietnamese diacritic, and "without" is under 2%', () => {
    expect(diacriticShare('Công nhân')).toBeCloseTo(2 / 8, 10); // ô, â of 8 letters
    expect(diacriticShare('Co\u0302ng nha\u0302n')).toBeCloseTo(2 / 8, 10); // the same typed decomposed (NFD)
    expect(diacriticShare('đi')).toBe(0.5);
    expect(diacriticShare('123 !!!')).toBe(0);
    expect(diacriticsBucket('cong doan doc lap')).toBe('without');
    expect(diacriticsBucket(`${'a'.repeat(99)}é`)).toBe('without'); // 1 of 100 letters
    expect(diacriticsBucket(`${'a'.repeat(49)}ă`)).toBe('with'); // 1 of 50 = 2%
    expect(diacriticsBucket('123')).toBe('without');
  });

  it('computes per-label P/R/F1, macro-F1, flagged negatives and recall of positives for the set and each bucket', () => {
    const b = evalBreakdown(ROWS, ['a', 'b']);
    // a: tp r1, fp r4, fn r2 r6 → P 1/2, R 1/3, F1 0.4; b: tp r4 r6, fp r3 → P 2/3, R 1, F1 0.8
    expect(b.all.report.labels.a).toMatchObject({ tp: 1, fp: 1, fn: 2, precision: 0.5, recall: 0.3333, f1: 0.4, support: 3 });
    expect(b.all.report.labels.b).toMatchObject({ tp: 2, fp: 1, fn: 0, precision: 0.6667, recall: 1, f1: 0.8, support: 2 });
    expect(b.all.report.macroF1).toBe(0.6);
    expect(b.all.macroF1).toBe(0.6);
    // negatives r3 (flagged) and r5; gold labels r1 a, r2 a, r4 b, r6 a+b, found r1 a, r4 b, r6 b
    expect(b.all).toMatchObject({ rows: 6, negatives: 2, negativesFlagged: 1, negativeFlagRate: 0.5, positives: 4, goldLabels: 5, goldLabelsFound: 3, positiveRecall: 0.6 });

    const short = b.byLength.lt200; // r1 r2 r3
    expect(short.report.labels.a).toMatchObject({ precision: 1, recall: 0.5, f1: 0.6667, support: 2 });
    expect(short.report.labels.b).toMatchObject({ tp: 0, fp: 1, f1: 0, support: 0 });
    expect(short.report.macroF1).toBe(0.3333); // over a and b
    expect(short.macroF1).toBe(0.6667); // over a alone: no b in gold here
    expect(short).toMatchObject({ rows: 3, negatives: 1, negativesFlagged: 1, negativeFlagRate: 1, goldLabels: 2, goldLabelsFound: 1, positiveRecall: 0.5 });

    const medium = b.byLength['200to800']; // r4 r6
    expect(medium.report.labels.a).toMatchObject({ tp: 0, fp: 1, fn: 1, f1: 0 });
    expect(medium.report.labels.b).toMatchObject({ tp: 2, f1: 1 });
    expect(medium.macroF1).toBe(0.5);
    expect(medium).toMatchObject({ rows: 2, negatives: 0, negativeFlagRate: 0, goldLabels: 3, goldLabelsFound: 2 });
    expect(medium.positiveRecall).toBeCloseTo(2 / 3, 10);

    expect(b.byLength.gt800).toMatchObject({ macroF1: null, rows: 1, negatives: 1, negativesFlagged: 0, negativeFlagRate: 0, goldLabels: 0, positiveRecall: 0 });

    const withD = b.byDiacritics.with; // r1 r4
    expect(withD.report.labels.a).toMatchObject({ tp: 1, fp: 1, precision: 0.5, recall: 1, f1: 0.6667 });
    expect(withD.report.labels.b).toMatchObject({ tp: 1, f1: 1 });
    expect(withD.macroF1).toBe(0.8333);
    expect(withD).toMatchObject({ rows: 2, negatives: 0, goldLabels: 2, goldLabelsFound: 2, positiveRecall: 1 });

    const without = b.byDiacritics.without; // r2 r3 r5 r6
    expect(without.report.labels.a).toMatchObject({ tp: 0, fn: 2, f1: 0 });
    expect(without.report.labels.b).toMatchObject({ tp: 1, fp: 1, precision: 0.5, recall: 1, f1: 0.6667 });
    expect(without.macroF1).toBe(0.3333);
    expect(without).toMatchObject({ rows: 4, negatives: 2, negativesFlagged: 1, negativeFlagRate: 0.5, goldLabels: 3, goldLabelsFound: 1 });
    expect(without.positiveRecall).toBeCloseTo(1 / 3, 10);
  });

  it('ignores labels outside the scored set: a row whose only label is not scored is a negative', () => {
    const s = sliceFigures(
      [
        { text: 'x', gold: ['c'], predicted: ['c'] },
        { text: 'y', gold: ['a'], predicted: ['a', 'c'] },
      ],
      ['a'],
    );
    expect(s).toMatchObject({ negatives: 1, negativesFlagged: 0, positives: 1, goldLabels: 1, goldLabelsFound: 1 });
    expect(s.report.labels.a).toMatchObject({ tp: 1, fp: 0, f1: 1 });
  });

  it('prints one table line per slice with the figures', () => {
    const t = breakdownTable('test set', evalBreakdown(ROWS, ['a', 'b'])).split('\n');
    expect(t[0]).toBe('test set');
    expect(t[1]).toMatch(/^slice\s+rows\s+neg\s+neg flagged\s+pos recall\s+macro-F1\s+a P\/R\/F1 \(n\)\s+b P\/R\/F1 \(n\)$/);
    expect(t[2]).toMatch(/^all\s+6\s+2\s+50\.0%\s+60\.0%\s+0\.600\s+0\.500\/0\.333\/0\.400 \(3\)\s+0\.667\/1\.000\/0\.800 \(2\)$/);
    expect(t[3]).toMatch(/^length < 200\s+3\s+1\s+100\.0%\s+50\.0%\s+0\.667\s/);
    expect(t[5]).toMatch(/^length > 800\s+1\s+1\s+0\.0%\s+—\s+—\s/);
    expect(t).toHaveLength(8);
  });
});
