import { writeFileAtomic } from '../files/write-atomic.js';
import { dirname, join, resolve } from 'node:path';
import { InvalidArgumentError, type Command } from 'commander';
import { trainModel } from '../classify/train-model.js';
import { loadTrainingRows } from '../rules-loader/load-training.js';
import { rulesDirFrom, withRulesOption, type ClassifierCliOptions } from './classifier-options.js';
import { CliError, printJson, withDbOption } from './common.js';

interface TrainOptions extends ClassifierCliOptions {
  input?: string[];
  out?: string;
  c?: number;
  minDf?: number;
  maxFeatures?: number;
}

const positive = (what: string, integer: boolean) => (v: string) => {
  const n = Number(v);
  if (!Number.isFinite(n) || n <= 0 || (integer && !Number.isInteger(n))) throw new InvalidArgumentError(`${what} must be a positive ${integer ? 'integer' : 'number'}`);
  return n;
};

export function register(program: Command): void {
  withDbOption(
    withRulesOption(
      program
        .command('train')
        .description('train the TF-IDF + logistic regression model from labelled rows {text, title?, labels: [...]} (any label names)')
        .option('--input <paths...>', 'JSON-lines files or directories of them (default: <rules>/training)')
        .option('--out <file>', 'model file to write (default: <rules>/model/model.json)')
        .option('--c <number>', 'inverse regularisation strength', positive('--c', false))
        .option('--min-df <n>', 'drop features seen in fewer documents', positive('--min-df', true))
        .option('--max-features <n>', 'keep at most this many features', positive('--max-features', true)),
    ),
  ).action(async (opts: TrainOptions) => {
    const rulesDir = rulesDirFrom(opts);
    const inputs = opts.input?.length ? opts.input.map((p) => resolve(p)) : [join(rulesDir, 'training')];
    const { rows, files } = await loadTrainingRows(inputs).catch((err: Error) => {
      throw new CliError(err.message);
    });
    if (rows.length === 0) throw new CliError(`no training rows in ${inputs.join(', ')}`);
    if (!rows.some((r) => r.labels.length > 0)) throw new CliError('no row carries a label: nothing to learn');
    const model = trainModel({
      rows,
      sources: files.map((f) => f.replace(`${process.cwd()}/`, '')),
      options: { ...(opts.c && { c: opts.c }), ...(opts.minDf && { minDf: opts.minDf }), ...(opts.maxFeatures && { maxFeatures: opts.maxFeatures }) },
    });
    const out = resolve(opts.out ?? join(rulesDir, 'model', 'model.json'));
    // A running service never reads half a model.
    await writeFileAtomic(out, JSON.stringify(model));
    printJson({ out, labels: model.labels, trainedAt: model.trainedAt, ...model.stats });
  });
}
