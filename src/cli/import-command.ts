import { existsSync, statSync } from 'node:fs';
import { Option, type Command } from 'commander';
import { NullClassifier } from '../classify/null-classifier.js';
import { importFile } from '../jobs/import-file.js';
import type { ImportFormat } from '../jobs/read-rows.js';
import type { Classifier } from '../types.js';
import { CliError, cliConfig, createProgress, printJson, secretFor, withDbOption, withStore, type DbOptions } from './common.js';

interface ImportOptions extends DbOptions {
  format?: ImportFormat;
  source: string;
  classify: boolean;
  json?: boolean;
}

export function register(program: Command): void {
  withDbOption(
    program
      .command('import')
      .description('import posts from a JSONL or CSV file of {text, title?, url?, author?, published_at?, source?, unit?} rows')
      .argument('<file>', 'a .jsonl/.ndjson/.json or .csv file')
      .addOption(new Option('--format <format>', 'file format (default: from the file extension)').choices(['jsonl', 'csv']))
      .option('--source <id>', 'source id for rows without a "source" field', 'import')
      .option('--no-classify', 'store items unclassified (skip the rules and model)')
      .option('--json', 'print one JSON object {"imported","duplicates","rejected":[{"line","error"}]} (plus "suppressed" when rows were skipped as erased on request) and nothing else on stdout'),
  )
    .addHelpText('after', '\nExit status: 0 when every row was accepted (duplicates count as accepted), 2 when some rows were rejected.')
    .action(async (file: string, opts: ImportOptions) => {
      if (!existsSync(file) || !statSync(file).isFile()) throw new CliError(`no such file: ${file}`);
      const progress = createProgress('import');
      const report = await withStore(opts, async (store, dbPath) => {
        // The shipped rules with the admin UI's overrides, and the active model.
        const classifier: Classifier = opts.classify
          ? await (await import('../classifier-runtime/load-active-classifier.js')).loadActiveClassifier(store, { rulesDir: cliConfig().rulesDir, onWarning: (m) => process.stderr.write(`warning: ${m}\n`) })
          : new NullClassifier();
        return importFile(store, file, {
          format: opts.format,
          classifier,
          secret: secretFor(dbPath),
          defaultSource: opts.source,
          onProgress: (p) => progress.update(p.bytes, p.totalBytes, `${p.rows.toLocaleString('en')} rows`),
        });
      });
      progress.done();
      if (opts.json) printJson(report);
      else {
        for (const r of report.rejected) process.stderr.write(`${file}:${r.line}: ${r.error}\n`);
        process.stdout.write(
          `imported ${report.imported} new item(s), ${report.duplicates} duplicate(s), ${report.rejected.length} rejected row(s)` +
            `${report.suppressed ? `, ${report.suppressed} skipped (suppressed: erased on a person's request)` : ''}` +
            `${report.unclassified ? `, ${report.unclassified} stored unclassified (classifier error; run reclassify --outdated)` : ''}\n`,
        );
      }
      if (report.rejected.length > 0) process.exitCode = 2;
    });
}
