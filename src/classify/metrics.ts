export interface LabelledPrediction {
  gold: string[];
  predicted: string[];
}

export interface LabelMetrics {
  precision: number;
  recall: number;
  f1: number;
  support: number;
  tp: number;
  fp: number;
  fn: number;
}

export interface EvalReport {
  examples: number;
  labels: Record<string, LabelMetrics>;
  macroF1: number;
  microF1: number;
  /** Exact match of the whole label set. */
  subsetAccuracy: number;
  /** gold label (or "(none)") → predicted label (or "(none)") → count of examples. */
  confusion: Record<string, Record<string, number>>;
}

const NONE = '(none)';
const r4 = (x: number) => Math.round(x * 10_000) / 10_000;

/** Multi-label precision, recall and F1 per label, macro and micro averages, and a confusion table. */
export function evaluatePredictions(rows: LabelledPrediction[], labels: string[]): EvalReport {
  const per: Record<string, LabelMetrics> = {};
  let tpAll = 0;
  let fpAll = 0;
  let fnAll = 0;
  let f1Sum = 0;
  for (const l of labels) {
    let tp = 0;
    let fp = 0;
    let fn = 0;
    for (const r of rows) {
      const g = r.gold.includes(l);
      const p = r.predicted.includes(l);
      if (g && p) tp++;
      else if (p) fp++;
      else if (g) fn++;
    }
    tpAll += tp;
    fpAll += fp;
    fnAll += fn;
    const precision = tp + fp === 0 ? 0 : tp / (tp + fp);
    const recall = tp + fn === 0 ? 0 : tp / (tp + fn);
    const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
    f1Sum += f1;
    per[l] = { precision: r4(precision), recall: r4(recall), f1: r4(f1), support: tp + fn, tp, fp, fn };
  }
  const macroF1 = labels.length === 0 ? 0 : f1Sum / labels.length;
  const microF1 = 2 * tpAll + fpAll + fnAll === 0 ? 0 : (2 * tpAll) / (2 * tpAll + fpAll + fnAll);
  const confusion: Record<string, Record<string, number>> = {};
  for (const r of rows) {
    const gold = r.gold.filter((l) => labels.includes(l));
    const pred = r.predicted.filter((l) => labels.includes(l));
    for (const g of gold.length ? gold : [NONE]) {
      const row = (confusion[g] ??= {});
      for (const p of pred.length ? pred : [NONE]) row[p] = (row[p] ?? 0) + 1;
    }
  }
  const exact = rows.filter((r) => sameSet(r.gold.filter((l) => labels.includes(l)), r.predicted)).length;
  return {
    examples: rows.length,
    labels: per,
    macroF1: r4(macroF1),
    microF1: r4(microF1),
    subsetAccuracy: rows.length ? r4(exact / rows.length) : 0,
    confusion,
  };
}

function sameSet(a: string[], b: string[]): boolean {
  return a.length === b.length && a.every((x) => b.includes(x));
}

/** Area under the ROC curve (ties count one half), via the rank-sum statistic. */
export function rocAuc(scores: number[], positives: boolean[]): number {
  const idx = scores.map((_, i) => i).sort((a, b) => scores[a] - scores[b]);
  let rankSum = 0;
  let pos = 0;
  for (let i = 0; i < idx.length; ) {
    let j = i;
    while (j + 1 < idx.length && scores[idx[j + 1]] === scores[idx[i]]) j++;
    const rank = (i + j) / 2 + 1;
    for (let k = i; k <= j; k++) if (positives[idx[k]]) {
      rankSum += rank;
      pos++;
    }
    i = j + 1;
  }
  const neg = scores.length - pos;
  if (pos === 0 || neg === 0) return NaN;
  return (rankSum - (pos * (pos + 1)) / 2) / (pos * neg);
}
