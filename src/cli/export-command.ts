import { createWriteStream, renameSync, rmSync } from 'node:fs';
import { once } from 'node:events';
import { userInfo } from 'node:os';
import { Option, type Command } from 'commander';
import { exportItems, type ExportFormat } from '../jobs/export-items.js';
import { CliError, withDbOption, withStore, type DbOptions } from './common.js';

interface ExportOptions extends DbOptions {
  format?: ExportFormat;
  out?: string;
}

export function register(program: Command): void {
  withDbOption(
    program
      .command('export')
      .description('export every stored item as JSONL or CSV; authors appear only as pseudonyms')
      .addOption(new Option('--format <format>', 'jsonl or csv (default: from --out, else jsonl)').choices(['jsonl', 'csv']))
      .option('--out <file>', 'write to this file instead of stdout'),
  ).action(async (opts: ExportOptions) => {
    const format: ExportFormat = opts.format ?? (opts.out?.toLowerCase().endsWith('.csv') ? 'csv' : 'jsonl');
    await withStore(
      opts,
      async (store) => {
        let count: number;
        if (opts.out) {
          // Write beside the target and rename, so a failed export never leaves a truncated file;
          // 0600 because exports hold collected posts.
          const tmp = `${opts.out}.${process.pid}.tmp`;
          const out = createWriteStream(tmp, { mode: 0o600 });
          try {
            count = await exportItems(store, out, format);
            out.end();
            await once(out, 'finish');
            renameSync(tmp, opts.out);
          } catch (err) {
            out.destroy();
            rmSync(tmp, { force: true });
            throw err instanceof Error && 'code' in err ? new CliError(`cannot write ${opts.out}: ${err.message}`) : err;
          }
          process.stderr.write(`exported ${count} item(s) to ${opts.out}\n`);
        } else {
          count = await exportItems(store, process.stdout, format);
        }
        await store.db.write(() =>
          store.audit.append({
            at: new Date().toISOString(),
            userId: null,
            username: `cli:${userInfo().username}`,
            action: 'items.export',
            detail: { format, count, out: opts.out ?? 'stdout' },
          }),
        );
      },
      true,
    );
  });
}
