import type { Command } from 'commander';
import { CliError, printJson, withDbOption, withStore, type DbOptions } from './common.js';

export function register(program: Command): void {
  const audit = program.command('audit').description('the append-only, hash-chained audit log');
  withDbOption(audit.command('verify').description('check every row of the audit log against its hash chain').option('--json', 'print one JSON object')).action(
    async (opts: DbOptions & { json?: boolean }) => {
      const r = await withStore(opts, async (store) => ({ ...(await store.audit.verify()), head: (await store.audit.page({ limit: 1 }))[0]?.hash ?? null }), true);
      if (opts.json) printJson(r);
      else if (r.ok) process.stdout.write(`audit log OK: ${r.rows} rows, chain intact; head ${r.head ?? '(empty)'}\n`);
      if (!r.ok) throw new CliError(`audit log BROKEN at row ${r.brokenAt!.id} (${r.brokenAt!.problem === 'link' ? 'does not link to the previous row: a row was removed or reordered' : 'content does not match its hash: the row was altered'}); ${r.rows} rows verified before it`, 2);
    },
  );
}
