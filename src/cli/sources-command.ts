import { existsSync } from 'node:fs';
import { InvalidArgumentError, type Command } from 'commander';
import type { BrowserPool } from '../../crawlers/browser/browser-pool.js';
import { formatSourceError } from '../../crawlers/source-schema.js';
import { CliError, cliConfig, dbPathFrom, printJson, withDbOption, withStore, type DbOptions } from './common.js';
import { findSource, readSources, shortTime, table, withSourcesOption, type SourcesOptions } from './crawl-options.js';

interface ListOptions extends DbOptions, SourcesOptions {
  json?: boolean;
}
interface TestOptions extends SourcesOptions {
  json?: boolean;
  limit: number;
}

function positiveInt(v: string): number {
  if (!/^\d+$/.test(v) || Number(v) < 1) throw new InvalidArgumentError('must be a positive whole number');
  return Number(v);
}

async function list(opts: ListOptions): Promise<void> {
  const { sources } = readSources(opts, !!opts.json);
  // Reading must not create a database as a side effect.
  const state = existsSync(dbPathFrom(opts))
    ? await withStore(opts, async (store) => ({ states: await store.crawlState.list(), runs: await store.crawlRuns.latestBySource() }))
    : { states: [], runs: new Map() };
  const byId = new Map(state.states.map((s) => [s.sourceId, s]));
  const rows = sources.map((s) => {
    const st = byId.get(s.id);
    const run = state.runs.get(s.id);
    return {
      id: s.id,
      name: s.name,
      type: s.type,
      enabled: s.enabled,
      paused: st?.paused ?? false,
      schedule: s.schedule,
      health: st ? st.health : null,
      consecutiveFailures: st?.consecutiveFailures ?? 0,
      lastRun: run ? { status: run.status, startedAt: run.startedAt, found: run.found, new: run.newCount, duplicates: run.duplicates, error: run.error } : null,
      nextDueAt: st?.nextDueAt ?? null,
      file: s.file,
    };
  });
  if (opts.json) return printJson({ sources: rows });
  if (rows.length === 0) return void process.stdout.write('no sources\n');
  const header = ['ID', 'TYPE', 'ENABLED', 'SCHEDULE', 'HEALTH', 'LAST RUN', 'NEW', 'NEXT DUE', 'ERROR'];
  const body = rows.map((r) => [
    r.id,
    r.type,
    r.paused ? 'paused' : r.enabled ? 'yes' : 'no',
    r.schedule,
    r.health ? `${r.health}${r.consecutiveFailures ? ` (${r.consecutiveFailures}×)` : ''}` : 'never run',
    r.lastRun ? `${r.lastRun.status} ${shortTime(r.lastRun.startedAt)}` : '–',
    r.lastRun ? String(r.lastRun.new) : '–',
    r.enabled && !r.paused ? shortTime(r.nextDueAt) : '–',
    (r.lastRun?.error ?? '').slice(0, 80),
  ]);
  process.stdout.write(`${table([header, ...body])}\n`);
}

async function test(id: string, opts: TestOptions): Promise<void> {
  const config = cliConfig();
  const { dir, sources } = readSources(opts, true);
  const source = findSource(sources, id, dir);
  const [{ runAdapter }, { createBrowserPool, createLoader }] = await Promise.all([import('../../crawlers/adapters/index.js'), import('../jobs/crawl-runtime.js')]);
  // No validator store: show what a fresh fetch extracts, and store nothing.
  const loader = createLoader(config);
  let pool: BrowserPool | undefined;
  try {
    const pages: string[] = [];
    const res = await runAdapter(source, {
      loader,
      timeZone: config.digest.timeZone,
      browser: () => (pool ??= createBrowserPool(config, loader)),
      onPage: (url, n) => {
        pages.push(url);
        if (!opts.json) process.stderr.write(`fetched ${url}: ${n} item(s)\n`);
      },
    });
    const items = res.items.slice(0, opts.limit);
    if (opts.json) return printJson({ source: source.id, pages, found: res.items.length, stoppedBy: res.stoppedBy ?? null, items });
    for (const [i, it] of items.entries()) {
      const meta = [it.author && `by ${it.author}`, it.publishedAt, it.url].filter(Boolean).join(' · ');
      const text = it.text.length > 240 ? `${it.text.slice(0, 240)}…` : it.text;
      process.stdout.write(`${i + 1}. ${it.title ?? '(no title)'}\n   ${meta}\n   ${text.replace(/\n+/g, ' / ')}\n\n`);
    }
    process.stdout.write(`${res.items.length} item(s) from ${pages.length} page(s)${res.items.length > items.length ? `, first ${items.length} shown` : ''}; nothing stored\n`);
    if (res.stoppedBy) process.stdout.write(`pagination stopped early: ${res.stoppedBy}\n`);
  } catch (err) {
    throw new CliError(`source ${source.id}: ${err instanceof Error ? err.message : String(err)}`);
  } finally {
    await pool?.close();
    await loader.close();
  }
}

export function register(program: Command): void {
  const cmd = program.command('sources').description('list, validate and try crawl sources');
  withDbOption(withSourcesOption(cmd.command('list').description('sources with health, last run and next due time').option('--json', 'print one JSON object'))).action(list);
  withSourcesOption(cmd.command('validate').description('check every source file; errors name file, line and field')).action((opts: SourcesOptions) => {
    const { dir, sources, errors } = readSources(opts, true);
    for (const e of errors) process.stderr.write(`${formatSourceError(e)}\n`);
    if (errors.length > 0) throw new CliError(`${errors.length} problem(s) in ${dir}`);
    process.stdout.write(`${sources.length} source(s) in ${dir} are valid (${sources.filter((s) => s.enabled).length} enabled)\n`);
  });
  withSourcesOption(
    cmd
      .command('test')
      .description('fetch one source now and show what would be extracted, without storing anything')
      .argument('<id>', 'source id')
      .option('--limit <n>', 'items to show', positiveInt, 20)
      .option('--json', 'print one JSON object {"source","pages","found","stoppedBy","items"}'),
  ).action(test);
  for (const [name, paused] of [['pause', true], ['resume', false]] as const) {
    withDbOption(withSourcesOption(cmd.command(name).description(`${name} scheduled crawling of a source`).argument('<id>', 'source id'))).action(
      async (id: string, opts: DbOptions & SourcesOptions) => {
        const { dir, sources } = readSources(opts, true);
        findSource(sources, id, dir);
        await withStore(opts, (store) => store.crawlState.setPaused(id, paused, new Date().toISOString()));
        process.stdout.write(`source ${id} ${paused ? 'paused' : 'resumed'}\n`);
      },
    );
  }
}
