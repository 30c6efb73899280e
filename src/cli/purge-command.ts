import { userInfo } from 'node:os';
import { InvalidArgumentError, type Command } from 'commander';
import { purgeExpired } from '../jobs/purge-expired.js';
import { cliConfig, createProgress, printJson, withDbOption, withStore, type DbOptions } from './common.js';

interface PurgeCommandOptions extends DbOptions {
  olderThan?: number;
  dryRun?: boolean;
  json?: boolean;
}

function parseDays(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || n < 1) throw new InvalidArgumentError('must be a whole number of days ≥ 1');
  return n;
}

export function register(program: Command): void {
  withDbOption(
    program
      .command('purge')
      .description('delete collected items older than the retention window, with their evidence files; claims and responses are kept')
      .option('--older-than <days>', 'retention window in days (default: $KC_RETENTION_DAYS or 365)', parseDays)
      .option('--dry-run', 'only count what would be deleted')
      .option('--json', 'print one JSON object')
      .addHelpText('after', '\nEvery real purge is recorded in the audit log (action "purge"). Evidence files are looked up under $KC_DATA_DIR.'),
  ).action(async (opts: PurgeCommandOptions) => {
    const config = cliConfig();
    const progress = opts.json ? undefined : createProgress('purging');
    const r = await withStore(
      opts,
      (store) =>
        purgeExpired(store, {
          retentionDays: opts.olderThan ?? config.retentionDays,
          dataDir: config.dataDir,
          actor: `cli:${userInfo().username}`,
          dryRun: opts.dryRun,
          onProgress: progress && ((done, total) => progress.update(done, total, `${done}/${total} items`)),
        }),
      true,
    );
    progress?.done();
    if (opts.json) return printJson(r);
    const c = r.counts;
    const verb = r.dryRun ? 'would delete' : 'deleted';
    process.stdout.write(
      [
        `${r.dryRun ? 'dry run: ' : ''}items collected before ${r.cutoff} (older than ${r.retentionDays} days)`,
        `${verb} ${c.items} item(s), ${c.authors} author handle(s), ${c.sightings} sighting(s), ${c.classifications} classification(s)`,
        `${verb} ${c.verdicts} item verdict(s), ${c.grievances} grievance follow-up(s), ${c.claimMembers} claim membership(s) in ${c.claimsTouched} claim(s) (claims and responses kept)`,
        `${verb} ${c.evidence} evidence record(s) and ${c.evidenceFiles} evidence file(s)`,
        ...(r.auditId ? [`recorded in the audit log (row ${r.auditId})`] : []),
      ].join('\n') + '\n',
    );
  });
}
