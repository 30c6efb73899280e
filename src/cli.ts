#!/usr/bin/env node
// Command-line entry: `npm run --silent cli -- <command>`. Each command lives in
// src/cli/<name>-command.ts and exports `register(program)`; this file only assembles them.
import { Command, CommanderError } from 'commander';

interface CommandModule {
  register: (program: Command) => void;
}

// Top-level command name → its module, src/cli/<name>-command.ts. Loaded on demand: `kiemchung
// import …` loads only the import command (a second instead of several); help, no command or an
// unknown one load them all. Add one line per new command.
const commandModules: Record<string, () => Promise<CommandModule>> = {
  import: () => import('./cli/import-command.js'),
  export: () => import('./cli/export-command.js'),
  stats: () => import('./cli/stats-command.js'),
  serve: () => import('./cli/serve-command.js'),
  train: () => import('./cli/train-command.js'),
  calibrate: () => import('./cli/calibrate-command.js'),
  classify: () => import('./cli/classify-command.js'),
  eval: () => import('./cli/eval-command.js'),
  rules: () => import('./cli/rules-command.js'),
  reclassify: () => import('./cli/reclassify-command.js'),
  digest: () => import('./cli/digest-command.js'),
  users: () => import('./cli/users-command.js'),
  audit: () => import('./cli/audit-command.js'),
  crawl: () => import('./cli/crawl-command.js'),
  sources: () => import('./cli/sources-command.js'),
  tip: () => import('./cli/tip-command.js'),
  purge: () => import('./cli/purge-command.js'),
  subject: () => import('./cli/subject-command.js'),
  migrate: () => import('./cli/migrate-command.js'),
};

async function main(argv: string[]): Promise<void> {
  const program = new Command('kiemchung')
    .description('Kiểm Chứng: monitoring and fact-checking toolkit')
    .showHelpAfterError()
    .exitOverride();
  const name = argv[2];
  const wanted = name !== undefined && Object.hasOwn(commandModules, name) ? [commandModules[name]] : Object.values(commandModules);
  for (const mod of await Promise.all(wanted.map((load) => load()))) mod.register(program);
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
