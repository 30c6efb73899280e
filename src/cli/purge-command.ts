import { userInfo } from 'node:os';
import { InvalidArgumentError, type Command } from 'commander';
import { purgeExpired, type PurgeResult, type WindowResult } from '../jobs/purge-expired.js';
import type { RetentionWindow } from '../storage/retention.js';
import { cliConfig, createProgress, printJson, withDbOption, withStore, type DbOptions, type Progress } from './common.js';

interface PurgeCommandOptions extends DbOptions {
  unflaggedDays?: number;
  flaggedDays?: number;
  dryRun?: boolean;
  json?: boolean;
}

function parseDays(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || n < 1 || n > 3650) throw new InvalidArgumentError('must be a whole number of days from 1 to 3650');
  return n;
}

const TITLES: Record<RetentionWindow, (days: number) => string> = {
  unflagged: (d) => `never flagged, undecided: collected more than ${d} days ago`,
  flagged: (d) => `flagged or decided: last decision more than ${d} days ago`,
};

function windowLines(w: RetentionWindow, r: WindowResult, dry: boolean): string[] {
  const verb = dry ? 'would delete' : 'deleted';
  return [
    `${TITLES[w](r.days)} (before ${r.cutoff})`,
    `  ${verb} ${r.deleted} item(s); ${dry ? 'would keep' : 'kept'} ${r.scrubbed} as shell(s) (verdicts, claims, grievances kept; text, URL and author erased)`,
    `  ${verb} ${r.authors} raw author handle(s), ${r.evidence} evidence record(s), ${r.evidenceFiles} evidence file(s)${dry ? '' : `; ${r.seconds} s`}`,
  ];
}

/** PostgreSQL: what VACUUM did with the erased rows' old versions (WAL archives and backups are the operator's). */
function vacuumLines(r: PurgeResult): string[] {
  const c = r.checkpoint;
  if (!c?.vacuumed) return [];
  return [
    `vacuumed ${c.vacuumed.length} table(s) so the erased rows' old versions are gone from them: ${c.vacuumed.join(', ')}`,
    ...(c.deadRows ? [`warning: ${c.deadRows} dead row version(s) could not be removed yet (an older transaction still sees them); the next purge vacuums again`] : []),
  ];
}

function summary(r: PurgeResult): string {
  const o = r.other;
  const verb = r.dryRun ? 'would delete' : 'deleted';
  return [
    `${r.dryRun ? 'dry run: ' : ''}retention purge at ${r.now}`,
    ...windowLines('unflagged', r.windows.unflagged, r.dryRun),
    ...windowLines('flagged', r.windows.flagged, r.dryRun),
    `also ${verb} ${o.loginAttempts} old failed-login record(s), ${o.sessions} expired session(s), ${o.spoolFiles} stale crawl spool file(s), ${o.outboxFiles} old outbox mail(s); ` +
      `${r.dryRun ? 'would reduce' : 'reduced'} ${o.digests} old digest(s) to counts`,
    ...(r.ftsSeconds ? [`search index rewritten without the erased texts in ${r.ftsSeconds} s`] : []),
    ...(r.checkpoint?.busy ? ['warning: a reader kept the database log (WAL) from being truncated; erased pages stay in it until the next checkpoint'] : []),
    ...vacuumLines(r),
    ...(r.auditId ? [`recorded in the audit log (row ${r.auditId})`] : []),
  ].join('\n') + '\n';
}

export function register(program: Command): void {
  withDbOption(
    program
      .command('purge')
      .description('erase items past the retention windows (undecided items deleted; decided items kept as shells without text or author), with evidence files')
      .option('--unflagged-days <days>', 'never-flagged, undecided items: days after collection (default $KC_RETENTION_UNFLAGGED_DAYS or 30)', parseDays)
      .option('--flagged-days <days>', 'flagged or decided items: days after the last decision (default $KC_RETENTION_FLAGGED_DAYS or 365)', parseDays)
      .option('--dry-run', 'only count what would be erased')
      .option('--json', 'print one JSON object')
      .addHelpText('after', '\nEvery real purge is recorded in the audit log (action "purge", counts only). Evidence files, the crawl spool and the digest outbox are looked up under $KC_DATA_DIR.'),
  ).action(async (opts: PurgeCommandOptions) => {
    const config = cliConfig();
    const bars: Partial<Record<RetentionWindow, Progress>> = {};
    const logged: Partial<Record<RetentionWindow, number>> = {};
    const r = await withStore(
      opts,
      (store) =>
        purgeExpired(store, {
          unflaggedDays: opts.unflaggedDays ?? config.retention.unflaggedDays,
          flaggedDays: opts.flaggedDays ?? config.retention.flaggedDays,
          dataDir: config.dataDir,
          spoolDir: config.crawl.spoolDir,
          outboxDir: config.digest.outboxDir,
          sessions: { idleMs: config.review.sessionIdleMs, maxMs: config.review.sessionMaxMs },
          actor: `cli:${userInfo().username}`,
          dryRun: opts.dryRun,
          onProgress: (w, done, total) => {
            if (!process.stderr.isTTY) {
              // Logs (cron, systemd): a line at the start of a window and every 100,000 items.
              if (total > 0 && (done === 0 || done === total || done - (logged[w] ?? 0) >= 100_000)) {
                logged[w] = done;
                process.stderr.write(`purging ${w}: ${done}/${total} items\n`);
              }
              return;
            }
            const bar = (bars[w] ??= createProgress(`purging ${w}`));
            bar.update(done, total, `${done}/${total} items`);
            if (done >= total) bar.done();
          },
        }),
      true,
    );
    if (opts.json) return printJson(r);
    process.stdout.write(summary(r));
  });
}
