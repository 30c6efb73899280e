import type { Classifier } from '../types.js';

export interface RuleReliability {
  ruleId: string;
  label: string;
  weight: number;
  /** Firings on rows carrying the rule's label / not carrying it, where no guard of the label fired. */
  positives: number;
  negatives: number;
  /** Smoothed precision (positives + 1) / (firings + 2). */
  precision: number;
  /** The weight scaled by precision / target, within [floor, 1] of the weight (rules with 5+ firings). */
  suggestedWeight: number;
}

const MIN_FIRINGS = 5;

/**
 * How reliable each rule is on labelled rows: how often it fires, outside any guard of its label,
 * on rows that carry the label. Rules written against short example posts often fire on the topic
 * words of real articles; this measures it, and suggests a weight that follows the evidence.
 */
export function ruleReliability(classifier: Classifier, rows: { text: string; title?: string; labels: string[] }[], o: { target?: number; floor?: number } = {}): RuleReliability[] {
  const target = o.target ?? 0.8;
  const floor = o.floor ?? 0.5;
  const stats = new Map<string, RuleReliability>();
  for (const r of rows) {
    const reasons = classifier.classify({ text: r.text, title: r.title })?.reasons ?? [];
    const guarded = new Set(reasons.filter((x) => x.kind === 'guard').map((x) => x.label));
    const seen = new Set<string>();
    for (const x of reasons) {
      if (x.kind !== 'rule' || x.shadow || seen.has(x.ruleId)) continue;
      seen.add(x.ruleId);
      if (guarded.has(x.label)) continue;
      let s = stats.get(x.ruleId);
      if (!s) stats.set(x.ruleId, (s = { ruleId: x.ruleId, label: x.label, weight: x.weight, positives: 0, negatives: 0, precision: 0, suggestedWeight: x.weight }));
      if (r.labels.includes(x.label)) s.positives++;
      else s.negatives++;
    }
  }
  return [...stats.values()]
    .map((s) => {
      const n = s.positives + s.negatives;
      const precision = (s.positives + 1) / (n + 2);
      const factor = n >= MIN_FIRINGS ? Math.max(floor, Math.min(1, precision / target)) : 1;
      return { ...s, precision: Math.round(precision * 1000) / 1000, suggestedWeight: Math.round(s.weight * factor * 100) / 100 };
    })
    .sort((a, b) => a.ruleId.localeCompare(b.ruleId));
}
