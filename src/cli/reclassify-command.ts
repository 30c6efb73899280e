import { InvalidArgumentError, type Command } from 'commander';
import { reclassifyStored } from '../jobs/reclassify.js';
import { loadActiveClassifier } from '../classifier-runtime/load-active-classifier.js';
import { loadCliClassifier, rulesDirFrom, withRulesOption, type ClassifierCliOptions } from './classifier-options.js';
import { createProgress, printJson, withDbOption, withStore, type DbOptions } from './common.js';

interface ReclassifyCliOptions extends ClassifierCliOptions, DbOptions {
  batch: number;
  outdated?: boolean;
}

export function register(program: Command): void {
  withDbOption(
    withRulesOption(
      program
        .command('reclassify')
        .description('re-classify stored items with the current rules and model (after a rule change), in batches with progress')
        .option('--model <file>', 'model file (default: the shipped model)')
        .option('--batch <n>', 'items per transaction', (v) => {
          const n = Number(v);
          if (!Number.isInteger(n) || n <= 0) throw new InvalidArgumentError('--batch must be a positive integer');
          return n;
        }, 500)
        .option('--outdated', 'only items classified by another rules/model version (or never)'),
    ),
  ).action(async (opts: ReclassifyCliOptions) => {
    const progress = createProgress('reclassify');
    const result = await withStore(
      opts,
      async (store) => {
        // Without --model: the shipped rules with the admin UI's overrides and the active model.
        const classifier = opts.model
          ? await loadCliClassifier(opts)
          : await loadActiveClassifier(store, { rulesDir: rulesDirFrom(opts), onWarning: (m) => process.stderr.write(`warning: ${m}\n`) });
        return reclassifyStored(store, { classifier, batchSize: opts.batch, onlyOutdated: opts.outdated, onProgress: (d, t) => progress.update(d, t, `${d}/${t}`) });
      },
      true,
    );
    progress.done();
    printJson(result);
  });
}
