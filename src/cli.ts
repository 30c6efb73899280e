#!/usr/bin/env node
// Command-line entry: `npm run --silent cli -- <command>`. Each command lives in src/cli/<name>.ts
// and exports `register(program)`; this file only assembles them.
import { Command, CommanderError } from 'commander';

const commandModules = [
  // one line per command module, e.g. import('./cli/import-command.js'),
  import('./cli/import-command.js'),
  import('./cli/export-command.js'),
  import('./cli/stats-command.js'),
  import('./cli/serve-command.js'),
  import('./cli/train-command.js'),
  import('./cli/classify-command.js'),
  import('./cli/eval-command.js'),
  import('./cli/rules-command.js'),
  import('./cli/reclassify-command.js'),
  import('./cli/digest-command.js'),
  import('./cli/users-command.js'),
  import('./cli/audit-command.js'),
  import('./cli/crawl-command.js'),
  import('./cli/sources-command.js'),
  import('./cli/tip-command.js'),
  import('./cli/purge-command.js'),
] as Array<Promise<{ register: (program: Command) => void }>>;

async function main(argv: string[]): Promise<void> {
  const program = new Command('kiemchung')
    .description('Kiểm Chứng: monitoring and fact-checking toolkit')
    .showHelpAfterError()
    .exitOverride();
  for (const mod of await Promise.all(commandModules)) mod.register(program);
  await program.parseAsync(argv);
}

main(process.argv).catch((err: unknown) => {
  if (err instanceof CommanderError) {
    process.exitCode = err.exitCode;
    return;
  }
  process.stderr.write(`error: ${err instanceof Error ? err.message : String(err)}\n`);
  // CliError (src/cli/common.ts) carries its own exit code.
  const code = (err as { exitCode?: unknown })?.exitCode;
  process.exitCode = typeof code === 'number' && code > 0 ? code : 1;
});
