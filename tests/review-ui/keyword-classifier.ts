import type { Classification, Classifier, ClassifyInput, Reason } from '../../src/types.js';

/**
 * A small deterministic classifier for UI tests: fixed keywords per label, with real spans into
 * the original text, so highlighting and reasons can be asserted exactly.
 */
const RULES: { label: string; ruleId: string; word: string }[] = [
  { label: 'covid_false', ruleId: 'covid.cure', word: 'chữa khỏi' },
  { label: 'covid_false', ruleId: 'covid.garlic', word: 'tỏi' },
  { label: 'union_org', ruleId: 'union.independent', word: 'công đoàn độc lập' },
  { label: 'grievance', ruleId: 'grievance.pay', word: 'nợ lương' },
];

export const keywordClassifier: Classifier = {
  version: 'test-keywords-1',
  classify(input: ClassifyInput): Classification | null {
    const reasons: Reason[] = [];
    const scores: Record<string, number> = { covid_false: 0, union_org: 0, grievance: 0 };
    for (const field of ['title', 'text'] as const) {
      const src = (field === 'title' ? input.title : input.text) ?? '';
      const lower = src.toLowerCase();
      for (const r of RULES) {
        const spans = [];
        for (let i = lower.indexOf(r.word); i >= 0; i = lower.indexOf(r.word, i + 1)) spans.push({ start: i, end: i + r.word.length });
        if (spans.length === 0) continue;
        reasons.push({ kind: 'rule', label: r.label, ruleId: r.ruleId, weight: 0.8, spans, field });
        scores[r.label] = Math.min(1, scores[r.label] + 0.45 + 0.1 * spans.length);
      }
    }
    const labels = Object.keys(scores).filter((l) => scores[l] >= 0.5);
    return { labels, scores, reasons, version: this.version };
  },
};
