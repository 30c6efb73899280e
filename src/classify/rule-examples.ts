import type { CompiledRule, RuleEngine } from './rule-engine.js';
import { streamOf } from './token-stream.js';

export interface ExampleFailure {
  file: string;
  ruleId: string;
  guard: boolean;
  expected: 'match' | 'no_match';
  example: string;
}

export interface ExampleReport {
  rules: number;
  examples: number;
  failures: ExampleFailure[];
}

/** Runs every rule's own examples against that rule alone. */
export function checkRuleExamples(engine: RuleEngine): ExampleReport {
  const failures: ExampleFailure[] = [];
  let examples = 0;
  const all: CompiledRule[] = [...engine.rules, ...engine.guards];
  for (const rule of all) {
    const only = new Set([rule]);
    const fires = (text: string) => {
      const r = engine.evaluate(streamOf({ text }), only);
      return r.rules.length + r.guards.length > 0;
    };
    for (const [expected, list] of [['match', rule.examples.match], ['no_match', rule.examples.no_match]] as const) {
      for (const example of list) {
        examples++;
        if (fires(example) !== (expected === 'match')) {
          failures.push({ file: rule.file, ruleId: rule.id, guard: rule.guard, expected, example });
        }
      }
    }
  }
  return { rules: all.length, examples, failures };
}
