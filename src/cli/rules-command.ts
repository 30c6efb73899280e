import type { Command } from 'commander';
import { RuleEngine } from '../classify/rule-engine.js';
import { checkRuleExamples } from '../classify/rule-examples.js';
import { loadRules } from '../rules-loader/load-rules.js';
import { rulesDirFrom, withRulesOption, type ClassifierCliOptions } from './classifier-options.js';
import { CliError, printJson, withDbOption } from './common.js';

export function register(program: Command): void {
  const rules = program.command('rules').description('rule packs: validate and test');
  withDbOption(
    withRulesOption(
      rules
        .command('test')
        .description("validate every rule pack and run each rule's examples (match / no_match); non-zero exit on any miss")
        .option('--json', 'print the report as JSON'),
    ),
  ).action(async (opts: ClassifierCliOptions & { json?: boolean }) => {
    const loaded = await loadRules(rulesDirFrom(opts));
    const engine = new RuleEngine(loaded.packs, new Set(loaded.labels.labels.map((l) => l.id)));
    const report = checkRuleExamples(engine);
    if (opts.json) printJson({ ...report, packs: loaded.packs.length, claims: loaded.claims.length });
    else {
      for (const f of report.failures) {
        const want = f.expected === 'match' ? 'should MATCH but did not' : 'should NOT match but did';
        process.stderr.write(`FAIL ${f.file} ${f.guard ? 'guard' : 'rule'} "${f.ruleId}": example ${want}:\n     ${f.example}\n`);
      }
      process.stdout.write(
        `${loaded.packs.length} pack(s), ${report.rules} rule(s) and guard(s), ${report.examples} example(s), ${loaded.claims.length} known claim(s): ` +
          `${report.failures.length === 0 ? 'all examples pass' : `${report.failures.length} FAILED`}\n`,
      );
    }
    if (report.failures.length > 0) throw new CliError(`${report.failures.length} rule example(s) failed`, 1);
  });
}
