import type { Command } from 'commander';
import { printJson, withDbOption, withStore, type DbOptions } from './common.js';

export function register(program: Command): void {
  withDbOption(
    program
      .command('stats')
      .description('counts of stored items: classified, flagged, duplicates, per label, status and source')
      .option('--json', 'print one JSON object'),
  ).action(async (opts: DbOptions & { json?: boolean }) => {
    const s = await withStore(opts, (store) => store.stats.summary(), true);
    if (opts.json) return printJson(s);
    const lines = [
      `items:        ${s.items}`,
      `classified:   ${s.classified} (unclassified ${s.unclassified})`,
      `flagged:      ${s.flagged}`,
      `duplicates:   ${s.duplicates} later copies linked to their first copy`,
      `collected:    ${s.firstCollectedAt ?? '-'} … ${s.lastCollectedAt ?? '-'}`,
    ];
    const table = (title: string, counts: Record<string, number>) => {
      if (Object.keys(counts).length === 0) return;
      lines.push(`${title}:`);
      for (const [k, n] of Object.entries(counts)) lines.push(`  ${k.padEnd(24)} ${n}`);
    };
    table('by label', s.byLabel);
    table('by status', s.byStatus);
    table('by source', s.bySource);
    process.stdout.write(`${lines.join('\n')}\n`);
  });
}
