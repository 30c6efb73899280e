import type { Command } from 'commander';
import { breakdownTable } from '../classify/breakdown-table.js';
import { evalBreakdown } from '../classify/eval-breakdown.js';
import { evaluatePredictions } from '../classify/metrics.js';
import { trainingRowSchema } from '../rules-loader/load-training.js';
import { readJsonl } from '../rules-loader/read-jsonl.js';
import { loadCliClassifier, withRulesOption, type ClassifierCliOptions } from './classifier-options.js';
import { CliError, withDbOption } from './common.js';

interface EvalOptions extends ClassifierCliOptions {
  input: string;
  labels?: string;
  errors?: boolean;
  breakdown?: boolean;
}

export function register(program: Command): void {
  withDbOption(
    withRulesOption(
      program
        .command('eval')
        .description('evaluate on labelled rows {text, title?, labels}: per-label precision, recall, F1, macro-F1 and confusion, as JSON')
        .requiredOption('--input <file>', 'JSON-lines file of labelled rows')
        .option('--model <file>', 'model file (default: the shipped model)')
        .option('--labels <list>', 'comma-separated labels to score (default: every label found in the file)')
        .option('--errors', 'also list misclassified rows on standard error')
        .option('--breakdown', 'also the figures per length (< 200, 200–800, > 800 characters) and diacritics bucket, flagged negatives and recall of positives: "breakdown" in the JSON, a table on standard error'),
    ),
  ).action(async (opts: EvalOptions) => {
    const rows = await readJsonl(opts.input, trainingRowSchema).catch((err: Error) => {
      throw new CliError(err.message);
    });
    if (rows.length === 0) throw new CliError(`${opts.input}: no rows`);
    const classifier = await loadCliClassifier(opts);
    const inGold = [...new Set(rows.flatMap((r) => r.labels))];
    const labels = opts.labels ? opts.labels.split(',').map((l) => l.trim()).filter(Boolean) : inGold.length ? inGold.sort() : classifier.labels;
    const predictions = rows.map((r) => {
      const c = classifier.classify({ text: r.text, title: r.title });
      const predicted = c.labels.filter((l) => labels.includes(l));
      if (opts.errors && !sameSet(r.labels.filter((l) => labels.includes(l)), predicted)) {
        const scores = labels.map((l) => `${l}=${c.scores[l] ?? 0}`).join(' ');
        process.stderr.write(`${r.id ?? ''}\tgold=[${r.labels.join(',')}] predicted=[${predicted.join(',')}] ${scores}\n\t${r.text.slice(0, 200).replace(/\n/g, ' ')}\n`);
      }
      return { text: r.text, title: r.title, gold: r.labels, predicted };
    });
    const report = evaluatePredictions(predictions, labels);
    const breakdown = opts.breakdown ? evalBreakdown(predictions, labels) : undefined;
    if (breakdown) process.stderr.write(`${breakdownTable(`${opts.input} (${rows.length} rows, ${classifier.version})`, breakdown)}\n`);
    process.stdout.write(`${JSON.stringify({ input: opts.input, version: classifier.version, ...report, ...(breakdown ? { breakdown } : {}) }, null, 2)}\n`);
  });
}

function sameSet(a: string[], b: string[]): boolean {
  return a.length === b.length && a.every((x) => b.includes(x));
}
