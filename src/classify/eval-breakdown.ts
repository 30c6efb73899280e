// Where the classifier does well or badly: the evaluation report (per-label P/R/F1, macro-F1) for a
// whole set and for slices of it by text length and by whether the text is typed with Vietnamese
// diacritics, plus two figures a union officer feels directly: how many harmless posts get flagged
// (negatives with any flag) and how many real cases are found (recall of positives). Pure.
import { evaluatePredictions, type EvalReport } from './metrics.js';

export interface BreakdownRow {
  text: string;
  title?: string;
  gold: string[];
  predicted: string[];
}

export interface SliceFigures {
  rows: number;
  /** Per-label precision / recall / F1 / support (and its macro-F1 over every scored label). */
  report: EvalReport;
  /**
   * Mean F1 over the scored labels that occur in this slice's gold (null when none does): a label
   * absent from a slice (no union_org among short posts) would otherwise count as F1 0 there.
   */
  macroF1: number | null;
  /** Rows with none of the scored labels in gold. */
  negatives: number;
  /** Of those, rows given any scored label. */
  negativesFlagged: number;
  /** negativesFlagged / negatives (0 when there are no negatives). */
  negativeFlagRate: number;
  /** Rows with at least one scored label in gold. */
  positives: number;
  /** (row, gold label) pairs, and how many of them the classifier predicted. */
  goldLabels: number;
  goldLabelsFound: number;
  /** goldLabelsFound / goldLabels: recall pooled over all labels (0 when there are none). */
  positiveRecall: number;
}

export const LENGTH_BUCKETS = ['lt200', '200to800', 'gt800'] as const;
export type LengthBucket = (typeof LENGTH_BUCKETS)[number];
export const DIACRITICS_BUCKETS = ['with', 'without'] as const;
export type DiacriticsBucket = (typeof DIACRITICS_BUCKETS)[number];

export interface EvalBreakdown {
  labels: string[];
  all: SliceFigures;
  byLength: Record<LengthBucket, SliceFigures>;
  byDiacritics: Record<DiacriticsBucket, SliceFigures>;
}

/**
 * A text counts as typed "without" diacritics when fewer than this share of its letters carry one.
 * Ordinary Vietnamese has a diacritic on roughly a quarter to a third of its letters; text typed
 * without them ("cong doan doc lap") has none, apart from the odd pasted name or loanword, which
 * this margin absorbs (one accented letter in 50 is still "without").
 */
export const WITHOUT_DIACRITICS_BELOW = 0.02;

// Vietnamese tone marks (grave, acute, tilde, hook, dot below) and letter modifiers (circumflex,
// breve, horn) after NFD decomposition; đ has no decomposition and is checked on its own.
const VI_MARK = /[\u0300\u0301\u0302\u0303\u0306\u0309\u031b\u0323]/;
const LETTER = /\p{L}/u;

/** Title and text as the classifier sees them, NFC, one string. */
export function evalText(row: { text: string; title?: string }): string {
  return (row.title ? `${row.title}\n${row.text}` : row.text).normalize('NFC');
}

/** Length in characters (code points of the NFC form of title + text). */
export function lengthBucket(text: string): LengthBucket {
  const n = [...text].length;
  return n < 200 ? 'lt200' : n <= 800 ? '200to800' : 'gt800';
}

/** Share of letters (\p{L}, NFC) that carry a Vietnamese diacritic; 0 for a text without letters. */
export function diacriticShare(text: string): number {
  let letters = 0;
  let marked = 0;
  for (const ch of text.normalize('NFC')) {
    if (!LETTER.test(ch)) continue;
    letters++;
    if (ch === 'đ' || ch === 'Đ' || VI_MARK.test(ch.normalize('NFD'))) marked++;
  }
  return letters === 0 ? 0 : marked / letters;
}

export function diacriticsBucket(text: string): DiacriticsBucket {
  return diacriticShare(text) < WITHOUT_DIACRITICS_BELOW ? 'without' : 'with';
}

/** Figures for one set of rows, scored on `labels` (gold and predicted labels outside it are ignored). */
export function sliceFigures(rows: BreakdownRow[], labels: string[]): SliceFigures {
  const scored = rows.map((r) => ({ gold: r.gold.filter((l) => labels.includes(l)), predicted: r.predicted.filter((l) => labels.includes(l)) }));
  let negatives = 0;
  let negativesFlagged = 0;
  let goldLabels = 0;
  let goldLabelsFound = 0;
  for (const r of scored) {
    if (r.gold.length === 0) {
      negatives++;
      if (r.predicted.length > 0) negativesFlagged++;
    }
    goldLabels += r.gold.length;
    goldLabelsFound += r.gold.filter((l) => r.predicted.includes(l)).length;
  }
  const report = evaluatePredictions(scored, labels);
  const present = labels.filter((l) => report.labels[l].support > 0);
  return {
    rows: rows.length,
    report,
    macroF1: present.length === 0 ? null : Math.round((10_000 * present.reduce((sum, l) => sum + exactF1(report.labels[l]), 0)) / present.length) / 10_000,
    negatives,
    negativesFlagged,
    negativeFlagRate: negatives === 0 ? 0 : negativesFlagged / negatives,
    positives: rows.length - negatives,
    goldLabels,
    goldLabelsFound,
    positiveRecall: goldLabels === 0 ? 0 : goldLabelsFound / goldLabels,
  };
}

// From the counts, not the rounded per-label F1, so the mean is rounded once.
function exactF1(m: { tp: number; fp: number; fn: number }): number {
  return m.tp === 0 ? 0 : (2 * m.tp) / (2 * m.tp + m.fp + m.fn);
}

/** The whole set, then the same figures per length bucket and per diacritics bucket. */
export function evalBreakdown(rows: BreakdownRow[], labels: string[]): EvalBreakdown {
  const byLength = Object.fromEntries(LENGTH_BUCKETS.map((b) => [b, [] as BreakdownRow[]])) as Record<LengthBucket, BreakdownRow[]>;
  const byDiacritics = Object.fromEntries(DIACRITICS_BUCKETS.map((b) => [b, [] as BreakdownRow[]])) as Record<DiacriticsBucket, BreakdownRow[]>;
  for (const r of rows) {
    const text = evalText(r);
    byLength[lengthBucket(text)].push(r);
    byDiacritics[diacriticsBucket(text)].push(r);
  }
  const figures = <K extends string>(groups: Record<K, BreakdownRow[]>) =>
    Object.fromEntries(Object.entries<BreakdownRow[]>(groups).map(([k, g]) => [k, sliceFigures(g, labels)])) as Record<K, SliceFigures>;
  return { labels, all: sliceFigures(rows, labels), byLength: figures(byLength), byDiacritics: figures(byDiacritics) };
}
