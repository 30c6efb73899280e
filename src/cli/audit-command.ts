import type { Command } from 'commander';
import { CliError, printJson, withDbOption, withStore, type DbOptions } from './common.js';

type VerifyOptions = DbOptions & { json?: boolean; anchor?: string };

export function register(program: Command): void {
  const audit = program.command('audit').description('the append-only, hash-chained audit log');
  withDbOption(
    audit
      .command('verify')
      .description('check every row of the audit log against its hash chain')
      .option('--anchor <hash>', 'a head hash noted earlier (e.g. from a weekly digest): fail if that row is no longer in the chain')
      .option('--json', 'print one JSON object'),
  ).action(async (opts: VerifyOptions) => {
    if (opts.anchor !== undefined && !/^[0-9a-f]{64}$/i.test(opts.anchor.trim())) throw new CliError('--anchor: expected a 64-character hex SHA-256 hash');
    const r = await withStore(opts, async (store) => ({ ...(await store.audit.verify({ anchor: opts.anchor })), head: (await store.audit.head())?.hash ?? null }), true);
    if (opts.json) printJson(r);
    else if (r.ok) process.stdout.write(`audit log OK: ${r.rows} rows, chain intact; head ${r.head ?? '(empty)'}${r.anchorFound ? '; anchor found' : ''}\n`);
    if (!r.ok) throw new CliError(`audit log BROKEN at row ${r.brokenAt!.id} (${r.brokenAt!.problem === 'link' ? 'does not link to the previous row: a row was removed or reordered' : 'content does not match its hash: the row was altered'}); ${r.rows} rows verified before it`, 2);
    // The chain checks out but the anchored row is gone: the tail was cut back to before it.
    if (r.anchorFound === false) throw new CliError(`audit log TRUNCATED: anchor ${opts.anchor!.trim()} is not in the chain (rows up to it were removed); ${r.rows} rows remain`, 2);
  });
}
