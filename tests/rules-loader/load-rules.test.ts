import { cp, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RuleFileError } from '../../src/classify/rule-error.js';
import { loadClassifier } from '../../src/classifier-runtime/load-classifier.js';
import { loadModelFile } from '../../src/rules-loader/load-model.js';
import { loadRules } from '../../src/rules-loader/load-rules.js';
import { loadTrainingRows } from '../../src/rules-loader/load-training.js';

const LABELS = `labels:
  - { id: covid_false, threshold: 0.5 }
  - { id: grievance, threshold: 0.5 }
combination: { rules: 0.9, model: 0.8, claims: 0.6 }
claims: { suggest: 0.3, confirm: 0.55 }
`;

const GOOD_PACK = `label: grievance
rules:
  - id: g.ok
    description: fine
    weight: 0.5
    any: [nợ lương]
    examples: { match: [nợ lương] }
`;

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'kc-rules-'));
  await writeFile(join(dir, 'labels.yaml'), LABELS);
});
afterEach(() => rm(dir, { recursive: true, force: true }));

async function loadError(): Promise<RuleFileError> {
  try {
    const r = await loadRules(dir);
    await loadClassifier({ rulesDir: dir, onWarning: () => {} });
    throw new Error(`expected an error, loaded ${r.packs.length} packs`);
  } catch (err) {
    expect(err).toBeInstanceOf(RuleFileError);
    return err as RuleFileError;
  }
}

describe('loading rules', () => {
  it('loads the shipped rules, claims and model', async () => {
    const rules = await loadRules('rules');
    expect(rules.labels.labels.map((l) => l.id).sort()).toEqual(['covid_false', 'grievance', 'union_org']);
    expect(rules.packs.map((p) => p.file).sort()).toEqual(['rules/covid-false.yaml', 'rules/grievance.yaml', 'rules/union-org.yaml']);
    expect(rules.claims.length).toBeGreaterThan(5);
    expect(rules.hash).toMatch(/^[0-9a-f]{12}$/);
    const c = await loadClassifier({ rulesDir: 'rules', onWarning: (m) => expect.fail(m) });
    expect(c.model).toBeDefined();
    expect(c.version).toMatch(/^rules-[0-9a-f]{12}\+model-[0-9a-f]{8}$/);
  });

  it('names file, line, rule and field for a schema error', async () => {
    await writeFile(
      join(dir, 'bad.yaml'),
      `${GOOD_PACK}  - id: g.bad
    description: weight out of range
    weight: 7
    any: [chậm lương]
    examples: { match: [chậm lương] }
`,
    );
    const err = await loadError();
    expect(err.message).toMatch(/bad\.yaml:10, rule "g\.bad", field "weight": /);
  });

  it('rejects unknown fields (typos never pass silently)', async () => {
    await writeFile(join(dir, 'typo.yaml'), GOOD_PACK.replace('any:', 'anny:'));
    const err = await loadError();
    expect(err.message).toMatch(/typo\.yaml:\d+, rule "g\.ok".*anny/);
  });

  it('reports invalid YAML with its line', async () => {
    await writeFile(join(dir, 'syntax.yaml'), 'label: grievance\nrules:\n  - id: [unclosed\n');
    const err = await loadError();
    expect(err.message).toMatch(/syntax\.yaml:\d+: invalid YAML/);
  });

  it('names the rule for an unknown label, an unknown phrase set and a duplicate id', async () => {
    await writeFile(join(dir, 'a.yaml'), GOOD_PACK.replace('label: grievance', 'label: nonsense'));
    expect((await loadError()).message).toMatch(/a\.yaml, rule "g\.ok", field "label": unknown label "nonsense"/);

    await writeFile(join(dir, 'a.yaml'), GOOD_PACK.replace('[nợ lương]', '["@missing"]').replace('examples: { match: [nợ lương] }', 'examples: { match: [x] }'));
    expect((await loadError()).message).toMatch(/a\.yaml, rule "g\.ok", field "any\[0\]": unknown phrase set "@missing"/);

    await writeFile(join(dir, 'a.yaml'), GOOD_PACK);
    await writeFile(join(dir, 'b.yaml'), GOOD_PACK);
    expect((await loadError()).message).toMatch(/b\.yaml, rule "g\.ok", field "id": duplicate rule id \(also in .*a\.yaml\)/);
  });

  it('requires a positive condition and at least one matching example', async () => {
    await writeFile(join(dir, 'a.yaml'), GOOD_PACK.replace('any: [nợ lương]', 'none: [nợ lương]'));
    expect((await loadError()).message).toMatch(/rule "g\.ok", field "any": a rule needs at least one positive condition/);
    await writeFile(join(dir, 'a.yaml'), GOOD_PACK.replace('examples: { match: [nợ lương] }', 'examples: { match: [] }'));
    expect((await loadError()).message).toMatch(/rule "g\.ok", field "examples\.match": every rule needs at least one example/);
  });

  it('validates labels.yaml and known claims', async () => {
    await writeFile(join(dir, 'labels.yaml'), LABELS.replace('suggest: 0.3, confirm: 0.55', 'suggest: 0.8, confirm: 0.55'));
    expect((await loadError()).message).toMatch(/labels\.yaml:\d+, field "claims\.suggest": suggest must not exceed confirm/);

    await writeFile(join(dir, 'labels.yaml'), LABELS);
    await cp('rules/claims', join(dir, 'claims'), { recursive: true });
    await writeFile(
      join(dir, 'claims', 'zz-bad.yaml'),
      'claims:\n  - id: bad-claim\n    statement: "Uống nước chanh diệt virus corona"\n    label: covid_false\n    verdict: false\n    sources: [{ url: "not a url", title: x }]\n',
    );
    expect((await loadError()).message).toMatch(/zz-bad\.yaml:6, rule "bad-claim", field "sources\[0\]\.url"/);
  });
});

describe('loading models and training rows', () => {
  it('returns undefined for a missing model and fails loudly on a broken one', async () => {
    expect(await loadModelFile(join(dir, 'none.json'))).toBeUndefined();
    await writeFile(join(dir, 'broken.json'), '{"format": "something-else"}');
    await expect(loadModelFile(join(dir, 'broken.json'))).rejects.toThrow(/broken\.json.*format/);
    await writeFile(join(dir, 'truncated.json'), '{"format": ');
    await expect(loadModelFile(join(dir, 'truncated.json'))).rejects.toThrow(/truncated\.json: invalid JSON/);
  });

  it('names file and line of a bad training row', async () => {
    await writeFile(join(dir, 't.jsonl'), '{"text": "ok", "labels": []}\n\n{"text": "x", "labels": "grievance"}\n');
    await expect(loadTrainingRows([join(dir, 't.jsonl')])).rejects.toThrow(/t\.jsonl:3: field "labels"/);
  });

  it('trains in memory when the model file is missing, and says so', async () => {
    await writeFile(join(dir, 'g.yaml'), GOOD_PACK);
    await cp('rules/training', join(dir, 'training'), { recursive: true });
    const warnings: string[] = [];
    const c = await loadClassifier({ rulesDir: dir, onWarning: (m) => warnings.push(m) });
    expect(warnings.join()).toMatch(/not found: training a model in memory/);
    expect(c.model?.labels).toContain('grievance');
    await expect(loadClassifier({ rulesDir: dir, modelPath: join(dir, 'nope.json') })).rejects.toThrow(/nope\.json: model file not found/);
  });
});
