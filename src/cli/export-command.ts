import { userInfo } from 'node:os';
import { Option, type Command } from 'commander';
import { createAtomicWriteStream, type AtomicWriteStream } from '../files/write-atomic.js';
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
        // Recorded before any data leaves, so an interrupted export is on record too.
        const items = await store.items.count();
        await store.write(() =>
          store.audit.append({
            at: new Date().toISOString(),
            userId: null,
            username: `cli:${userInfo().username}`,
            action: 'items.export',
            detail: { format, items, out: opts.out ?? 'stdout' },
          }),
        );
        if (!opts.out) {
          // `export | head`: a reader that stops early is not an error.
          process.stdout.on('error', (err: NodeJS.ErrnoException) => {
            if (err.code === 'EPIPE') process.exit(0);
            throw err;
          });
          await exportItems(store, process.stdout, format);
          return;
        }
        // Written beside the target and renamed, so a failed export never leaves a truncated file;
        // 0600 because exports hold collected posts.
        let out: AtomicWriteStream;
        try {
          out = createAtomicWriteStream(opts.out, { mode: 0o600 });
        } catch (err) {
          throw new CliError(`cannot write ${opts.out}: ${(err as Error).message}`);
        }
        try {
          const count = await exportItems(store, out.stream, format);
          await out.commit();
          process.stderr.write(`exported ${count} item(s) to ${opts.out}\n`);
        } catch (err) {
          await out.abort();
          throw err;
        }
      },
      true,
    );
  });
}
