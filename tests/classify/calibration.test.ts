import { describe, expect, it } from 'vitest';
import { bestThreshold, calibrate, fitPlatt, reliability, uncalibrate, type ScoredRow } from '../../src/classify/calibration.js';

// Rows whose true rate of positives at score s is known: positives with probability s² (so raw
// scores are over-confident below 1), 200 rows per score step.
function sample(): ScoredRow[] {
  const rows: ScoredRow[] = [];
  for (let step = 0; step <= 10; step++) {
    const s = step / 10;
    const pos = Math.round(200 * s * s);
    for (let i = 0; i < 200; i++) rows.push({ score: s, gold: i < pos });
  }
  return rows;
}

describe('Platt calibration', () => {
  const rows = sample();
  const p = fitPlatt(rows);

  it('is increasing and maps scores to observed rates', () => {
    expect(p.a).toBeGreaterThan(0);
    expect(calibrate(0.9, p)).toBeGreaterThan(calibrate(0.5, p));
    // Observed rate at 0.5 is 0.25 and at 1.0 is 1: the curve lands near both (a logistic curve, not exact).
    expect(Math.abs(calibrate(0.5, p) - 0.25)).toBeLessThan(0.1);
    expect(calibrate(1, p)).toBeGreaterThan(0.8);
  });

  it('reliability bands after calibration agree with what was observed', () => {
    for (const band of reliability(rows, p)) if (band.rows >= 400) expect(Math.abs(band.meanScore - band.observed)).toBeLessThan(0.12);
  });

  it('the best-F1 threshold is a cut between distinct calibrated scores', () => {
    const best = bestThreshold(rows, p);
    expect(best.f1).toBeGreaterThan(0.6);
    const cuts = new Set(rows.map((r) => calibrate(r.score, p)).map((x) => Math.round(x * 1e6) / 1e6));
    expect(cuts.has(best.threshold)).toBe(true);
  });

  it('uncalibrate inverts calibrate', () => {
    for (const s of [0.1, 0.5, 0.77]) expect(uncalibrate(calibrate(s, p), p)).toBeCloseTo(s, 6);
  });

  it('refuses a sample with one class only', () => {
    expect(() => fitPlatt([{ score: 0.4, gold: true }])).toThrow(/both positive and negative/);
  });
});
