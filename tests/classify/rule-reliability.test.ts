import { describe, expect, it } from 'vitest';
import { ruleReliability } from '../../src/classify/rule-reliability.js';
import { classifierOf } from './helpers.js';

const PACK = `
label: grievance
rules:
  - id: g.topic
    description: a topic word that also fires on explainers
    weight: 0.6
    any: [nợ lương]
    examples: { match: [nợ lương] }
guards:
  - id: g.explainer
    description: an explainer
    weight: 0.7
    any: [theo quy định]
    examples: { match: [theo quy định] }
`;

describe('ruleReliability', () => {
  const c = classifierOf([PACK]);
  const rows = [
    ...Array.from({ length: 3 }, (_, i) => ({ text: `Công ty số ${i} nợ lương công nhân ba tháng`, labels: ['grievance'] })),
    ...Array.from({ length: 5 }, (_, i) => ({ text: `Bản tin ${i}: chuyện nợ lương ở nơi khác được bàn tán`, labels: [] })),
    // Guarded firings do not count against the rule: the guard is doing its job there.
    ...Array.from({ length: 4 }, (_, i) => ({ text: `Theo quy định, nợ lương bị phạt, số ${i}`, labels: [] })),
  ];

  it('counts firings outside the label guards and suggests a weight that follows the evidence', () => {
    const [r] = ruleReliability(c, rows);
    expect(r).toMatchObject({ ruleId: 'g.topic', positives: 3, negatives: 5 });
    expect(r.precision).toBeCloseTo(4 / 10, 3);
    // precision 0.4 / target 0.8 = 0.5 of the weight (the floor).
    expect(r.suggestedWeight).toBeCloseTo(0.3, 5);
  });

  it('leaves rules that fired fewer than 5 times alone', () => {
    const [r] = ruleReliability(c, rows.slice(0, 4));
    expect(r.suggestedWeight).toBe(0.6);
  });
});
