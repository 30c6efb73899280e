import { existsSync } from 'node:fs';
import type { Command } from 'commander';
import { auditRepo } from '../storage/audit.js';
import { copyInstallation, type CopyProgress } from '../storage/copy-installation.js';
import { openDatabase } from '../storage/open-store.js';
import { PgDb } from '../storage/pg/pg-db.js';
import { migratePg } from '../storage/pg/pg-migrate.js';
import { CliError, printJson } from './common.js';

interface MigrateOptions {
  from: string;
  to?: string;
  batch: string;
  json?: boolean;
}

export function register(program: Command): void {
  program
    .command('migrate')
    .description('copy an installation from its SQLite file to PostgreSQL (resumable: run it again after an interruption), then check counts and the audit chain')
    .requiredOption('--from <file>', 'the SQLite database file, e.g. data/kiemchung.db')
    .option('--to <url>', 'postgres://… of a new, empty database (default: $KC_DATABASE_URL)')
    .option('--batch <rows>', 'rows per transaction', '1000')
    .option('--json', 'print the report as one JSON object')
    .action(async (opts: MigrateOptions) => {
      const url = opts.to ?? process.env.KC_DATABASE_URL;
      if (!url || !/^postgres(ql)?:\/\//.test(url)) throw new CliError('--to: expected a postgres://… URL (or set KC_DATABASE_URL)');
      if (!existsSync(opts.from)) throw new CliError(`--from: no database file at ${opts.from}`);
      const batchRows = Number(opts.batch);
      if (!Number.isInteger(batchRows) || batchRows < 1) throw new CliError('--batch: expected a whole number of rows, at least 1');
      // Brings the SQLite file to the current schema first, so both sides have the same tables.
      const from = await openDatabase(opts.from);
      const to = await PgDb.connect(url);
      const stop = new AbortController();
      const onSignal = () => stop.abort();
      process.once('SIGINT', onSignal);
      process.once('SIGTERM', onSignal);
      try {
        await migratePg(to);
        const report = await copyInstallation(from, to, { batchRows, signal: stop.signal, onProgress: progressPrinter() });
        if (stop.signal.aborted) throw new CliError('interrupted: run the same command again to resume where it stopped', 130);
        const audit = await auditRepo(to).verify();
        const mismatched = report.tables.filter((t) => t.source !== t.target);
        if (opts.json) printJson({ ...report, audit });
        else {
          for (const t of report.tables) process.stdout.write(`${t.table.padEnd(28)} ${String(t.source).padStart(10)} → ${String(t.target).padStart(10)}${t.source === t.target ? '' : '  MISMATCH'}\n`);
          if (report.skipped.length) process.stdout.write(`not on PostgreSQL (left behind): ${report.skipped.join(', ')}\n`);
          process.stdout.write(audit.ok ? `audit log OK on the copy: ${audit.rows} rows, chain intact\n` : '');
        }
        if (!audit.ok) throw new CliError(`audit log on the copy is BROKEN at row ${audit.brokenAt!.id}`, 2);
        if (mismatched.length) throw new CliError(`row counts differ for ${mismatched.map((t) => t.table).join(', ')}`, 2);
      } finally {
        process.off('SIGINT', onSignal);
        process.off('SIGTERM', onSignal);
        await from.close();
        await to.close();
      }
    });
}

/** One line per table when it is done, and a running count on long tables every two seconds. */
function progressPrinter(): (p: CopyProgress) => void {
  let lastAt = 0;
  return (p) => {
    const now = Date.now();
    const done = p.copied >= p.total;
    if (!done && now - lastAt < 2000) return;
    lastAt = now;
    process.stderr.write(`${p.table}: ${p.copied.toLocaleString('en')} / ${p.total.toLocaleString('en')}${done ? ' done' : ''}\n`);
  };
}
