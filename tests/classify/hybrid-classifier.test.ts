import { describe, expect, it } from 'vitest';
import { HybridClassifier } from '../../src/classify/hybrid-classifier.js';
import { TextModel } from '../../src/classify/text-model.js';
import { streamOf } from '../../src/classify/token-stream.js';
import { trainModel } from '../../src/classify/train-model.js';
import type { Reason } from '../../src/types.js';
import { labelsConfig, pack } from './helpers.js';

const PACK = `
label: covid_false
rules:
  - id: c.cure
    description: lemon cures covid
    weight: 0.7
    near: [{ a: nước chanh, b: [diệt virus, chữa khỏi], within: 6 }]
    examples: { match: [nước chanh diệt virus] }
  - id: c.weak
    description: mentions lemon
    weight: 0.2
    any: [nước chanh]
    examples: { match: [nước chanh] }
  - id: c.shadow
    description: trial rule
    weight: 0.9
    any: [chanh]
    shadow: true
    examples: { match: [chanh] }
guards:
  - id: c.debunk
    description: debunk
    weight: 0.8
    any: [tin giả, sai sự thật]
    examples: { match: [tin giả] }
`;

const claim = {
  file: 'claims/x.yaml',
  claim: {
    id: 'lemon-kills-virus',
    statement: 'Uống nước chanh nóng diệt được virus corona',
    label: 'covid_false',
    verdict: 'false' as const,
    sources: [{ url: 'https://www.who.int/', title: 'WHO' }],
    aliases: [],
    paraphrases: [],
    tags: [],
  },
};

function make(model?: TextModel) {
  return new HybridClassifier({ labels: labelsConfig(), packs: [pack(PACK)], claims: [claim], model, version: 'v-test' });
}

const byKind = <K extends Reason['kind']>(reasons: Reason[], kind: K) => reasons.filter((r): r is Extract<Reason, { kind: K }> => r.kind === kind);

describe('HybridClassifier', () => {
  it('assigns a label above its threshold and explains it with rule spans and the known claim', () => {
    const text = 'Sáng nào cũng uống nước chanh nóng để diệt virus corona nhé cả nhà';
    const c = make().classify({ text });
    expect(c.version).toBe('v-test');
    expect(c.labels).toEqual(['covid_false']);
    expect(Object.keys(c.scores).sort()).toEqual(['covid_false', 'grievance', 'union_org']);
    expect(c.scores.grievance).toBe(0);
    const rules = byKind(c.reasons, 'rule');
    expect(rules.map((r) => r.ruleId).sort()).toEqual(['c.cure', 'c.shadow', 'c.weak']);
    const cure = rules.find((r) => r.ruleId === 'c.cure')!;
    expect(cure.field).toBe('text');
    expect(cure.spans.map((s) => text.slice(s.start, s.end))).toEqual(['nước chanh', 'diệt virus']);
    const claims = byKind(c.reasons, 'claim');
    expect(claims[0]).toMatchObject({ claimId: 'lemon-kills-virus', label: 'covid_false' });
    expect(claims[0].similarity).toBeGreaterThan(0.3);
  });

  it('combines rule weights by noisy-OR; shadow rules are reported but never score', () => {
    const weak = make().classify({ text: 'Mua nước chanh ở chợ' });
    expect(weak.scores.covid_false).toBeCloseTo(0.9 * 0.2, 3);
    expect(weak.labels).toEqual([]);
    const shadowOnly = make().classify({ text: 'quả chanh' });
    expect(shadowOnly.scores.covid_false).toBe(0);
    expect(byKind(shadowOnly.reasons, 'rule')).toEqual([expect.objectContaining({ ruleId: 'c.shadow', shadow: true })]);
  });

  it('a fired guard lowers the score and is reported', () => {
    const text = 'Thông tin uống nước chanh diệt virus là tin giả';
    const c = make().classify({ text });
    expect(c.labels).toEqual([]);
    const plain = make().classify({ text: 'uống nước chanh diệt virus' });
    expect(c.scores.covid_false).toBeLessThan(plain.scores.covid_false * 0.25);
    const guard = byKind(c.reasons, 'guard')[0];
    expect(guard.ruleId).toBe('c.debunk');
    expect(text.slice(guard.spans[0].start, guard.spans[0].end)).toBe('tin giả');
  });

  it('adds the model probability and its top features; model-only labels get scores too', () => {
    const rows = [
      ...['công ty nợ lương', 'lương chậm ba tháng', 'chưa trả lương cho công nhân', 'nợ tiền tăng ca'].map((text) => ({ text, labels: ['grievance'] })),
      ...['trời đẹp đi chơi', 'đội bóng thắng lớn', 'giá vàng hôm nay', 'chợ hoa ngày tết'].map((text) => ({ text, labels: ['weather'] })),
    ];
    const model = new TextModel(trainModel({ rows, options: { minDf: 1 } }));
    const c = make(model).classify({ text: 'Công ty nợ lương công nhân' });
    expect(Object.keys(c.scores).sort()).toEqual(['covid_false', 'grievance', 'union_org', 'weather']);
    expect(c.scores.grievance).toBeGreaterThan(0.5);
    expect(c.labels).toContain('grievance');
    const m = byKind(c.reasons, 'model').find((r) => r.label === 'grievance')!;
    expect(m.probability).toBeGreaterThan(0.5);
    // The model shares the claim matcher's feature index; its probabilities must not change.
    const alone = new TextModel(trainModel({ rows, options: { minDf: 1 } }));
    const x = alone.vectorize(streamOf({ text: 'Công ty nợ lương công nhân' }));
    expect(m.probability).toBeCloseTo(alone.probability('grievance', x), 4);
    expect(m.features.length).toBeGreaterThan(0);
  });

  it('offers a matcher over other documents for grouping similar items', () => {
    const m = make().matcherFor([
      { id: 'a', texts: ['Công ty nợ lương công nhân ba tháng'] },
      { id: 'b', texts: ['Uống nước chanh diệt virus corona'] },
    ]);
    expect(m.match('cty no luong cong nhan 3 thang roi')[0].id).toBe('a');
  });

  it('classifies the title as well as the text', () => {
    const c = make().classify({ title: 'Nước chanh chữa khỏi covid', text: 'Ai cũng nên biết' });
    const cure = byKind(c.reasons, 'rule').find((r) => r.ruleId === 'c.cure')!;
    expect(cure.field).toBe('title');
    expect(c.labels).toEqual(['covid_false']);
  });

  it('refuses a claim whose label is not configured', () => {
    expect(
      () => new HybridClassifier({ labels: labelsConfig(), packs: [], claims: [{ ...claim, claim: { ...claim.claim, label: 'nope' } }], version: 'x' }),
    ).toThrow(/claims\/x\.yaml.*unknown label "nope"/);
  });
});
