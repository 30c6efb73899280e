// Options and loading shared by the classifier commands (train, classify, eval, rules, reclassify).
import { resolve } from 'node:path';
import type { Command } from 'commander';
import type { HybridClassifier } from '../classify/hybrid-classifier.js';
import { loadClassifier } from '../classifier-runtime/load-classifier.js';
import { cliConfig } from './common.js';

export interface ClassifierCliOptions {
  rules?: string;
  model?: string;
}

export function withRulesOption(cmd: Command): Command {
  return cmd.option('--rules <dir>', 'rules directory (default: $KC_RULES_DIR or ./rules)');
}

export function rulesDirFrom(opts: ClassifierCliOptions): string {
  return resolve(opts.rules ?? cliConfig().rulesDir);
}

export function loadCliClassifier(opts: ClassifierCliOptions): Promise<HybridClassifier> {
  return loadClassifier({
    rulesDir: rulesDirFrom(opts),
    modelPath: opts.model ? resolve(opts.model) : undefined,
    onWarning: (m) => process.stderr.write(`warning: ${m}\n`),
  });
}
