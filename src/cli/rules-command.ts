import type { Command } from 'commander';
import { RuleEngine } from '../classify/rule-engine.js';
import { checkRuleExamples } from '../classify/rule-examples.js';
import { readdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { ruleReliability } from '../classify/rule-reliability.js';
import { loadRules } from '../rules-loader/load-rules.js';
import { loadTrainingRows } from '../rules-loader/load-training.js';
import { loadCliClassifier, rulesDirFrom, withRulesOption, type ClassifierCliOptions } from './classifier-options.js';
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

  withRulesOption(
    rules
      .command('reliability')
      .description('how often each rule fires, outside its guards, on labelled rows that carry its label (default: the real and genre-matched training rows), with a suggested weight')
      .option('--input <paths...>', 'labelled JSON-lines files or directories (default: <rules>/training/real-*.jsonl and genre-*.jsonl)'),
  ).action(async (opts: ClassifierCliOptions & { input?: string[] }) => {
    const rulesDir = rulesDirFrom(opts);
    const dir = join(rulesDir, 'training');
    const inputs = opts.input?.length
      ? opts.input.map((p) => resolve(p))
      : (await readdir(dir)).filter((f) => /^(real|genre)-.*\.jsonl$/.test(f)).map((f) => join(dir, f));
    if (inputs.length === 0) throw new CliError(`no labelled rows: give --input, or put real-*.jsonl / genre-*.jsonl in ${dir}`);
    const { rows } = await loadTrainingRows(inputs).catch((err: Error) => {
      throw new CliError(err.message);
    });
    printJson({ rows: rows.length, rules: ruleReliability(await loadCliClassifier(opts), rows) });
  });
}
