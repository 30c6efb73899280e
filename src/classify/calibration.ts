/**
 * Score calibration (Platt scaling): the combined rules + model + claims score is mapped through
 * a logistic curve fitted on cross-validated scores of labelled rows, so that a shown score of
 * 0.8 means that about 80 % of items scored so carried the label. Pure functions; the fitting
 * data and the writing of the result live in the calibrate command.
 */
export interface Platt {
  a: number;
  b: number;
}

export interface ScoredRow {
  score: number;
  gold: boolean;
}

export function calibrate(score: number, p: Platt): number {
  return 1 / (1 + Math.exp(-(p.a * score + p.b)));
}

/** The raw score that a calibrated score came from (the inverse curve). */
export function uncalibrate(probability: number, p: Platt): number {
  const q = Math.min(1 - 1e-9, Math.max(1e-9, probability));
  return (Math.log(q / (1 - q)) - p.b) / p.a;
}

/**
 * Fits a, b by Newton's method on the log loss, with Platt's smoothed targets
 * ((n₊ + 1)/(n₊ + 2) and 1/(n₋ + 2)) so that a perfectly separated sample still gives a finite curve.
 */
export function fitPlatt(rows: readonly ScoredRow[]): Platt {
  const pos = rows.filter((r) => r.gold).length;
  const neg = rows.length - pos;
  if (pos === 0 || neg === 0) throw new Error('calibration needs both positive and negative rows');
  const hi = (pos + 1) / (pos + 2);
  const lo = 1 / (neg + 2);
  let a = 4;
  let b = -2;
  for (let iter = 0; iter < 100; iter++) {
    let g1 = 0;
    let g2 = 0;
    let h11 = 1e-9;
    let h12 = 0;
    let h22 = 1e-9;
    for (const r of rows) {
      const p = calibrate(r.score, { a, b });
      const t = r.gold ? hi : lo;
      const d = p - t;
      const w = p * (1 - p);
      g1 += d * r.score;
      g2 += d;
      h11 += w * r.score * r.score;
      h12 += w * r.score;
      h22 += w;
    }
    const det = h11 * h22 - h12 * h12;
    if (Math.abs(det) < 1e-12) break;
    const da = (h22 * g1 - h12 * g2) / det;
    const db = (h11 * g2 - h12 * g1) / det;
    a -= da;
    b -= db;
    if (Math.abs(da) + Math.abs(db) < 1e-9) break;
  }
  return { a: round6(a), b: round6(b) };
}

/** The cut on calibrated scores that gives the best F1 on these rows (ties: the higher cut). */
export function bestThreshold(rows: readonly ScoredRow[], p: Platt): { threshold: number; f1: number; precision: number; recall: number } {
  const scored = rows.map((r) => ({ s: calibrate(r.score, p), gold: r.gold })).sort((x, y) => y.s - x.s);
  const total = scored.filter((r) => r.gold).length;
  let tp = 0;
  let best = { threshold: 1, f1: 0, precision: 0, recall: 0 };
  for (let i = 0; i < scored.length; i++) {
    if (scored[i].gold) tp++;
    // Only cut between distinct scores.
    if (i + 1 < scored.length && scored[i + 1].s === scored[i].s) continue;
    const precision = tp / (i + 1);
    const recall = total ? tp / total : 0;
    const f1 = precision + recall ? (2 * precision * recall) / (precision + recall) : 0;
    if (f1 > best.f1) best = { threshold: round6(scored[i].s), f1, precision, recall };
  }
  return best;
}

/** Reliability table: per score band, how many rows and the share of them that carried the label. */
export function reliability(rows: readonly ScoredRow[], p: Platt | null, bands = 5): { from: number; to: number; rows: number; meanScore: number; observed: number }[] {
  const out = Array.from({ length: bands }, (_, i) => ({ from: i / bands, to: (i + 1) / bands, rows: 0, meanScore: 0, observed: 0 }));
  for (const r of rows) {
    const s = p ? calibrate(r.score, p) : r.score;
    const band = out[Math.min(bands - 1, Math.floor(s * bands))];
    band.rows++;
    band.meanScore += s;
    if (r.gold) band.observed++;
  }
  for (const b of out) {
    if (b.rows) {
      b.meanScore = round6(b.meanScore / b.rows);
      b.observed = round6(b.observed / b.rows);
    }
  }
  return out;
}

function round6(x: number): number {
  return Math.round(x * 1e6) / 1e6;
}
