// Options and loading shared by the crawl, sources and tip commands.
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { formatSourceError, loadSources, type SourceDef, type SourceFileError } from '../../crawlers/source-schema.js';
import type { Store } from '../storage/store.js';
import type { Classifier } from '../types.js';
import { CliError, cliConfig } from './common.js';

export interface SourcesOptions {
  sources?: string;
}

export function withSourcesOption(cmd: Command): Command {
  return cmd.option('--sources <dir>', 'folder of source YAML files (default: $KC_SOURCES_DIR or crawlers/sources)');
}

export function sourcesDirFrom(opts: SourcesOptions): string {
  return resolve(opts.sources ?? cliConfig().sourcesDir);
}

/** Loads the folder; invalid files are reported on stderr (and returned) but do not stop the valid ones. */
export function readSources(opts: SourcesOptions, quiet = false): { dir: string; sources: SourceDef[]; errors: SourceFileError[] } {
  const dir = sourcesDirFrom(opts);
  const { sources, errors } = loadSources(dir);
  if (!quiet) for (const e of errors) process.stderr.write(`${formatSourceError(e)}\n`);
  return { dir, sources, errors };
}

export function findSource(sources: SourceDef[], id: string, dir: string): SourceDef {
  const s = sources.find((x) => x.id === id);
  if (!s) {
    const known = sources.map((x) => x.id).join(', ') || 'none';
    throw new CliError(`no source "${id}" in ${dir} (known: ${known})`);
  }
  return s;
}

export async function activeClassifier(store: Store): Promise<Classifier> {
  const { loadActiveClassifier } = await import('../classifier-runtime/load-active-classifier.js');
  return loadActiveClassifier(store, { rulesDir: cliConfig().rulesDir, onWarning: (m) => process.stderr.write(`warning: ${m}\n`) });
}

/** "2024-03-04T10:07:00.000Z" → "2024-03-04 10:07" (UTC), for tables. */
export function shortTime(iso: string | null | undefined): string {
  return iso ? `${iso.slice(0, 10)} ${iso.slice(11, 16)}` : '–';
}

export function table(rows: string[][]): string {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => [...(r[i] ?? '')].length)));
  return rows.map((r) => r.map((cell, i) => (i === r.length - 1 ? cell : cell + ' '.repeat(widths[i] - [...cell].length))).join('  ')).join('\n');
}
