import { HybridClassifier } from '../../src/classify/hybrid-classifier.js';
import { RuleEngine, type LoadedPack } from '../../src/classify/rule-engine.js';
import { labelsConfigSchema, rulePackSchema, type LabelsConfig } from '../../src/classify/rule-schema.js';
import type { TextModel } from '../../src/classify/text-model.js';
import { parseYaml } from '../../src/rules-loader/parse-file.js';

export const LABELS_YAML = `
labels:
  - { id: covid_false, threshold: 0.5 }
  - { id: union_org, threshold: 0.5 }
  - { id: grievance, threshold: 0.5 }
combination: { rules: 0.9, model: 0.8, claims: 0.6 }
claims: { suggest: 0.3, confirm: 0.55 }
`;

export function labelsConfig(yaml = LABELS_YAML): LabelsConfig {
  return parseYaml('labels.yaml', yaml, labelsConfigSchema);
}

export function pack(yaml: string, file = 'test-pack.yaml'): LoadedPack {
  return { file, spec: parseYaml(file, yaml, rulePackSchema) };
}

export function engineOf(...yamls: string[]): RuleEngine {
  return new RuleEngine(yamls.map((y, i) => pack(y, `pack-${i}.yaml`)), new Set(['covid_false', 'union_org', 'grievance']));
}

export function classifierOf(packs: string[], options: { model?: TextModel; claims?: HybridClassifier['claimMatcher']['docs'] } = {}): HybridClassifier {
  return new HybridClassifier({
    labels: labelsConfig(),
    packs: packs.map((y, i) => pack(y, `pack-${i}.yaml`)),
    claims: [],
    model: options.model,
    version: 'test',
  });
}

/** The original text under each span of the first firing of `ruleId`. */
export function spanTexts(text: string, spans: { start: number; end: number }[]): string[] {
  return spans.map((s) => text.slice(s.start, s.end));
}
