import { describe, expect, it } from 'vitest';
import { MAX_REGEX_INPUT, MAX_REGEX_LENGTH, regexProblem } from '../../src/classify/safe-regex.js';
import { streamOf } from '../../src/classify/token-stream.js';
import { RuleFileError } from '../../src/classify/rule-error.js';
import { engineOf, spanTexts } from './helpers.js';

describe('regex guard', () => {
  it('accepts ordinary patterns', () => {
    for (const ok of ['nong (toi |len )?(3[5-9]|4\\d) do', '\\bf0\\b', '(?:a|b)+c', '[0-9]{1,3} ca', '(ab)?c*', '(a+)+b']) {
      expect(regexProblem(ok), ok).toBeNull();
    }
  });

  it('refuses backreferences, lookarounds, over-long and invalid patterns', () => {
    expect(regexProblem('(a|b)\\1')).toMatch(/backreferences/);
    expect(regexProblem('a(?=b)')).toMatch(/lookahead/);
    expect(regexProblem('(?<!x)a')).toMatch(/lookahead/);
    expect(regexProblem('a'.repeat(MAX_REGEX_LENGTH + 1))).toMatch(/longer than/);
    expect(regexProblem('(unclosed')).toMatch(/invalid regex/);
  });

  it('a rule with an unsupported regex fails to compile, naming the rule and field', () => {
    const bad = `
label: grievance
rules:
  - id: g.lookahead
    description: needs backtracking
    weight: 0.5
    regex: 'no(?=luong)'
    examples: { match: [aaa] }
`;
    let err: unknown;
    try {
      engineOf(bad);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(RuleFileError);
    expect((err as Error).message).toMatch(/pack-0\.yaml.*rule "g\.lookahead".*field "regex".*lookahead/);
  });

  // Issue 14, finding 4: these hung JavaScript's backtracking engine (2^n steps); RE2 is linear.
  it.each([
    ['(a|a)*b', 'a'.repeat(40), 'aaab'],
    ['(.|\\s)*z', 'x '.repeat(200), 'xyz'],
    ['(a+)+b', 'a'.repeat(60), 'aab'],
    ['(?:\\w*x)*y', 'x'.repeat(60), 'xxy'],
  ])('runs the catastrophic pattern %s on adversarial text to the end', (regex, text, example) => {
    const engine = engineOf(`
label: grievance
rules:
  - id: g.redos
    description: catastrophic under backtracking
    weight: 0.5
    regex: '${regex}'
    examples: { match: [${example}] }
`);
    expect(engine.evaluate(streamOf({ text })).rules).toEqual([]);
    expect(engine.evaluate(streamOf({ text: example })).rules.map((f) => f.rule.id)).toEqual(['g.redos']);
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
