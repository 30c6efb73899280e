import { describe, expect, it } from 'vitest';
import { evaluatePredictions, rocAuc } from '../../src/classify/metrics.js';

describe('evaluation metrics', () => {
  it('computes per-label precision, recall, F1, macro and micro F1, and a confusion table', () => {
    const r = evaluatePredictions(
      [
        { gold: ['a'], predicted: ['a'] },
        { gold: ['a'], predicted: [] },
        { gold: [], predicted: ['a'] },
        { gold: ['b'], predicted: ['b'] },
        { gold: ['a', 'b'], predicted: ['a', 'b'] },
        { gold: [], predicted: [] },
      ],
      ['a', 'b'],
    );
    expect(r.labels.a).toMatchObject({ tp: 2, fp: 1, fn: 1, precision: 0.6667, recall: 0.6667, f1: 0.6667, support: 3 });
    expect(r.labels.b).toMatchObject({ tp: 2, fp: 0, fn: 0, f1: 1 });
    expect(r.macroF1).toBeCloseTo((2 / 3 + 1) / 2, 4);
    expect(r.microF1).toBeCloseTo(8 / 10, 4);
    expect(r.subsetAccuracy).toBeCloseTo(4 / 6, 4);
    expect(r.confusion['(none)']).toEqual({ a: 1, '(none)': 1 });
    expect(r.confusion.a).toEqual({ a: 2, '(none)': 1, b: 1 });
  });

  it('computes ROC-AUC with ties counted one half', () => {
    expect(rocAuc([0.1, 0.4, 0.35, 0.8], [false, false, true, true])).toBeCloseTo(0.75, 6);
    expect(rocAuc([0.5, 0.5], [true, false])).toBe(0.5);
    expect(rocAuc([1, 2, 3], [false, true, true])).toBe(1);
    expect(rocAuc([1, 2], [true, true])).toBeNaN();
  });
});
