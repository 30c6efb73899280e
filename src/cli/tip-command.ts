import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { CrawlError } from '../../crawlers/fetch/errors.js';
import type { RawItem } from '../types.js';
import { CliError, cliConfig, mustFinish, printJson, secretFor, withDbOption, withStore, type DbOptions } from './common.js';
import { activeClassifier } from './crawl-options.js';

interface TipOptions extends DbOptions {
  url?: string;
  text?: string;
  title?: string;
  unit?: string;
  json?: boolean;
}

async function readTip(opts: TipOptions): Promise<RawItem> {
  if (!!opts.url === (opts.text !== undefined)) throw new CliError('give exactly one of --url URL or --text TEXT (use --text - to read standard input)');
  // Loaded on demand: HTML parsing and the HTTP client are heavy for the other commands.
  const { tipFromText, tipFromUrl } = await import('../../crawlers/adapters/tips.js');
  const { createLoader } = await import('../jobs/crawl-runtime.js');
  if (opts.text !== undefined) {
    const text = opts.text === '-' ? readFileSync(0, 'utf8') : opts.text;
    return tipFromText(text, { title: opts.title, unit: opts.unit });
  }
  const loader = createLoader(cliConfig());
  try {
    const tip = await tipFromUrl(loader, opts.url!, { unit: opts.unit });
    return opts.title ? { ...tip, title: opts.title } : tip;
  } catch (err) {
    if (err instanceof CrawlError) throw new CliError(`${err.message}\n(you can paste the text instead: tip --text "…")`);
    throw err;
  } finally {
    await loader.close();
  }
}

export function register(program: Command): void {
  withDbOption(
    program
      .command('tip')
      .description('submit a tip: a public URL (fetched politely, its readable text kept) or pasted text')
      .option('--url <url>', 'public page to fetch')
      .option('--text <text>', 'pasted text ("-" reads standard input)')
      .option('--title <title>', 'title for the tip')
      .option('--unit <unit>', 'member union that should review it')
      .option('--json', 'print one JSON object {"status","id","labels","evidenceQueued"}'),
  ).action(async (opts: TipOptions) => {
    const tip = await mustFinish('the tip', () => readTip(opts));
    const { ingest } = await import('../jobs/ingest.js');
    const out = await withStore(opts, async (store, dbPath) => {
      const r = await ingest(store, [tip], { classifier: await activeClassifier(store), secret: secretFor(dbPath), defaultSource: 'tip', sourceType: 'tip' });
      const outcome = r.outcomes[0];
      if (outcome.status === 'suppressed') return { status: outcome.status, id: null, labels: [] as string[], evidenceQueued: false };
      const labels = (await store.classifications.get(outcome.id))?.labels ?? [];
      const queued = outcome.status === 'new' ? await store.evidence.enqueueFlagged([outcome.id], new Date().toISOString(), cliConfig().evidenceLabels) : 0;
      return { status: outcome.status, id: outcome.id, labels, evidenceQueued: queued > 0 };
    });
    if (opts.json) return printJson(out);
    if (out.status === 'suppressed') process.stdout.write('not stored: its author or URL was erased on a person\'s request (suppression list)\n');
    else if (out.status === 'duplicate') process.stdout.write(`already known: item #${out.id} (recorded as another sighting)\n`);
    else {
      process.stdout.write(`stored tip as item #${out.id}${out.labels.length ? `, flagged: ${out.labels.join(', ')}` : ''}\n`);
      if (out.evidenceQueued) process.stdout.write('evidence capture queued (done by `serve` or `crawl --once`)\n');
    }
  });
}
