import type { Command } from 'commander';
import { z } from 'zod';
import { readJsonl } from '../rules-loader/read-jsonl.js';
import { loadCliClassifier, withRulesOption, type ClassifierCliOptions } from './classifier-options.js';
import { CliError, printJson, withDbOption } from './common.js';

const rowSchema = z.object({ id: z.union([z.string(), z.number()]), text: z.string(), title: z.string().optional() });

export function register(program: Command): void {
  withDbOption(
    withRulesOption(
      program
        .command('classify')
        .description('classify rows {id, text, title?} from a JSON-lines file; prints {"id","labels","scores","reasons"} per row')
        .requiredOption('--input <file>', 'JSON-lines file ("-" for standard input)')
        .option('--model <file>', 'model file (default: the shipped model); scores then cover every label of that model'),
    ),
  ).action(async (opts: ClassifierCliOptions & { input: string }) => {
    const rows = await readJsonl(opts.input, rowSchema).catch((err: Error) => {
      throw new CliError(err.message);
    });
    const classifier = await loadCliClassifier(opts);
    for (const row of rows) {
      const c = classifier.classify({ text: row.text, title: row.title });
      printJson({ id: row.id, labels: c.labels, scores: c.scores, reasons: c.reasons });
    }
  });
}
