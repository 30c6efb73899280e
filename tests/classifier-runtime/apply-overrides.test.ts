import { describe, expect, it } from 'vitest';
import { applyRuleOverrides, OVERRIDES_PACK } from '../../src/classifier-runtime/apply-overrides.js';
import type { LoadedPack } from '../../src/classify/rule-engine.js';
import type { RuleSpec } from '../../src/classify/rule-schema.js';
import { loadClassifier } from '../../src/classifier-runtime/load-classifier.js';

const rule = (id: string, any: string[], extra: Partial<RuleSpec> = {}): RuleSpec => ({
  id, description: id, weight: 0.9, any, all: [], none: [], near: [], shadow: false, examples: { match: [any[0]], no_match: [] }, ...extra,
});
const packs: LoadedPack[] = [
  { file: 'rules/a.yaml', spec: { label: 'grievance', sets: {}, rules: [rule('a.one', ['nợ lương']), rule('a.two', ['cắt thưởng'])], guards: [] } },
  { file: 'rules/b.yaml', spec: { label: 'covid_false', sets: {}, rules: [rule('b.one', ['chữa khỏi covid'])], guards: [] } },
];

describe('applyRuleOverrides', () => {
  it('replaces an edited rule in place, adds new rules to their pack, ignores reverts, never mutates the input', () => {
    const out = applyRuleOverrides(packs, [
      { ruleId: 'a.two', packFile: 'rules/a.yaml', kind: 'rule', spec: rule('a.two', ['cắt thưởng tết'], { shadow: true }) },
      { ruleId: 'b.new', packFile: 'rules/b.yaml', kind: 'rule', spec: rule('b.new', ['vắc xin giả']) },
      { ruleId: 'a.one', packFile: 'rules/a.yaml', kind: 'rule', spec: null },
      { ruleId: 'x.orphan', packFile: 'rules/gone.yaml', kind: 'guard', spec: rule('x.orphan', ['tin giả']) },
    ]);
    expect(out[0].spec.rules.map((r) => [r.id, r.any[0], r.shadow])).toEqual([['a.one', 'nợ lương', false], ['a.two', 'cắt thưởng tết', true]]);
    expect(out[1].spec.rules.map((r) => r.id)).toEqual(['b.one', 'b.new']);
    expect(out[2]).toMatchObject({ file: OVERRIDES_PACK, spec: { guards: [{ id: 'x.orphan' }] } });
    expect(packs[0].spec.rules[1].any).toEqual(['cắt thưởng']);
    expect(packs[1].spec.rules).toHaveLength(1);
  });

  it('loadClassifier applies overrides and tags its version with them', async () => {
    const plain = await loadClassifier({ rulesDir: 'rules', onWarning: () => undefined });
    const text = 'quạt trần hỏng xyzzy';
    const overridden = await loadClassifier({
      rulesDir: 'rules',
      onWarning: () => undefined,
      overrides: [{ ruleId: 'grievance.test-xyzzy', packFile: 'rules/grievance.yaml', kind: 'rule', spec: rule('grievance.test-xyzzy', [text]) }],
    });
    expect(plain.classify({ text })!.labels).not.toContain('grievance');
    expect(overridden.classify({ text })!.labels).toContain('grievance');
    expect(overridden.version).not.toBe(plain.version);
    expect(overridden.version).toMatch(/-o[0-9a-f]{8}\+model-/);
  });
});
