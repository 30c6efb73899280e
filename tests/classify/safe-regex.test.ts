import { describe, expect, it } from 'vitest';
import { MAX_REGEX_INPUT, MAX_REGEX_LENGTH, regexProblem } from '../../src/classify/safe-regex.js';
import { streamOf } from '../../src/classify/token-stream.js';
import { RuleFileError } from '../../src/classify/rule-error.js';
import { engineOf, spanTexts } from './helpers.js';

describe('regex guard', () => {
  it('accepts ordinary patterns', () => {
    for (const ok of ['nong (toi |len )?(3[5-9]|4\\d) do', '\\bf0\\b', '(?:a|b)+c', '[0-9]{1,3} ca', '(ab)?c*']) {
      expect(regexProblem(ok), ok).toBeNull();
    }
  });

  it('refuses nested quantifiers, backreferences, lookarounds, over-long and invalid patterns', () => {
    expect(regexProblem('(a+)+b')).toMatch(/nested quantifiers/);
    expect(regexProblem('(?:\\w*x)*')).toMatch(/nested quantifiers/);
    expect(regexProblem('((ab)*c)+')).toMatch(/nested quantifiers/);
    expect(regexProblem('(a|b)\\1')).toMatch(/backreferences/);
    expect(regexProblem('a(?=b)')).toMatch(/lookahead/);
    expect(regexProblem('(?<!x)a')).toMatch(/lookahead/);
    expect(regexProblem('a'.repeat(MAX_REGEX_LENGTH + 1))).toMatch(/longer than/);
    expect(regexProblem('(unclosed')).toMatch(/invalid regex/);
  });

  it('a rule with a dangerous regex fails to compile, naming the rule and field', () => {
    const bad = `
label: grievance
rules:
  - id: g.redos
    description: catastrophic
    weight: 0.5
    regex: '(a+)+$'
    examples: { match: [aaa] }
`;
    let err: unknown;
    try {
      engineOf(bad);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(RuleFileError);
    expect((err as Error).message).toMatch(/pack-0\.yaml.*rule "g\.redos".*field "regex".*nested quantifiers/);
  });

  it('runs on the folded text of each sentence and maps matches to original offsets', () => {
    const engine = engineOf(`
label: grievance
rules:
  - id: g.heat
    description: temperature in the forties
    weight: 0.4
    regex: 'nong (len |toi )?4\\d do'
    examples: { match: [xưởng nóng 41 độ] }
`);
    const text = 'Xưởng NÓNG lên 42 độ. Nóng. 45 độ';
    const r = engine.evaluate(streamOf({ text }));
    expect(r.rules.map((f) => f.rule.id)).toEqual(['g.heat']);
    expect(spanTexts(text, r.rules[0].spans)).toEqual(['NÓNG lên 42 độ']);
  });

  it('runs on bounded chunks of text, never on a whole long post at once', () => {
    const engine = engineOf(`
label: grievance
rules:
  - id: g.everything
    description: matches as much as it can
    weight: 0.4
    regex: 'a.*'
    examples: { match: [a b c] }
`);
    const text = 'a b '.repeat(5_000);
    const r = engine.evaluate(streamOf({ text }));
    const spans = r.rules[0].spans;
    expect(spans.length).toBeGreaterThan(10);
    for (const s of spans) expect(s.end - s.start).toBeLessThanOrEqual(MAX_REGEX_INPUT);
  });
});
