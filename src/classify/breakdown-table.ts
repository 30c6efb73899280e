// A plain-text table of an evaluation breakdown, for people reading a terminal (bench, cli eval).
import type { EvalBreakdown, SliceFigures } from './eval-breakdown.js';

const SLICE_NAMES: [string, (b: EvalBreakdown) => SliceFigures][] = [
  ['all', (b) => b.all],
  ['length < 200', (b) => b.byLength.lt200],
  ['length 200–800', (b) => b.byLength['200to800']],
  ['length > 800', (b) => b.byLength.gt800],
  ['with diacritics', (b) => b.byDiacritics.with],
  ['without diacritics', (b) => b.byDiacritics.without],
];

const pct = (x: number, of: number) => (of === 0 ? '—' : `${(100 * x).toFixed(1)}%`);
const num = (x: number) => x.toFixed(3);

/**
 * One line per slice: rows, negatives and the share of them flagged, recall of positives, macro-F1 (over the labels present in the slice),
 * then precision / recall / F1 (support) per label.
 */
export function breakdownTable(title: string, b: EvalBreakdown): string {
  const head = ['slice', 'rows', 'neg', 'neg flagged', 'pos recall', 'macro-F1', ...b.labels.map((l) => `${l} P/R/F1 (n)`)];
  const lines = SLICE_NAMES.map(([name, pick]) => {
    const s = pick(b);
    return [
      name,
      String(s.rows),
      String(s.negatives),
      pct(s.negativeFlagRate, s.negatives),
      pct(s.positiveRecall, s.goldLabels),
      s.macroF1 === null ? '—' : num(s.macroF1),
      ...b.labels.map((l) => {
        const m = s.report.labels[l];
        return `${num(m.precision)}/${num(m.recall)}/${num(m.f1)} (${m.support})`;
      }),
    ];
  });
  const widths = head.map((h, i) => Math.max(h.length, ...lines.map((r) => r[i].length)));
  const fmt = (r: string[]) => r.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  return [title, fmt(head), ...lines.map(fmt)].join('\n');
}
