import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { CliError, cliConfig, mustFinish, printJson, secretFor, withDbOption, withStore, type DbOptions } from './common.js';
import { activeClassifier } from './crawl-options.js';

interface TipOptions extends DbOptions {
  url?: string;
  text?: string;
  title?: string;
  unit?: string;
  json?: boolean;
}

const REFUSED: Record<string, string> = {
  empty: 'the tip has no text',
  unreadable: 'the page could not be read',
  too_long: 'the tip is longer than KC_TIP_MAX_CHARS',
  bad_url: 'not an http(s) URL',
  bad_unit: 'unknown unit',
};

export function register(program: Command): void {
  withDbOption(
    program
      .command('tip')
      .description('submit a tip: a public URL (fetched politely, its readable text kept) or pasted text; prints its receipt number')
      .option('--url <url>', 'public page to fetch')
      .option('--text <text>', 'pasted text ("-" reads standard input)')
      .option('--title <title>', 'title for the tip (pasted text only)')
      .option('--unit <unit>', 'member union that should review it')
      .option('--json', 'print one JSON object {"status","id","receipt","labels","evidenceQueued"}'),
  ).action(async (opts: TipOptions) => {
    if (!!opts.url === (opts.text !== undefined)) throw new CliError('give exactly one of --url URL or --text TEXT (use --text - to read standard input)');
    const text = opts.text === '-' ? readFileSync(0, 'utf8') : opts.text;
    // Loaded on demand: HTML parsing and the HTTP client are heavy for the other commands.
    const { createTipIntake } = await import('../jobs/tip-intake.js');
    const { createLoader } = await import('../jobs/crawl-runtime.js');
    const { TipRefused } = await import('../tipline/types.js');
    const config = cliConfig();
    const out = await withStore(opts, async (store, dbPath) => {
      const loader = createLoader(config);
      const intake = createTipIntake({
        store, classifier: await activeClassifier(store), secret: secretFor(dbPath), loader, maxChars: Math.max(config.tipline.maxChars, 200_000),
        evidenceLabels: config.evidenceLabels, onError: (m) => process.stderr.write(`${m}\n`),
      });
      try {
        // The same intake as the web form and the webhooks: a tip record with a receipt, source `tip`.
        const r = await mustFinish('the tip', () => intake.submit({ channel: 'cli', url: opts.url, text: opts.url ? undefined : text, unit: opts.unit, title: opts.title }, new Date()));
        const labels = r.itemId === null ? [] : ((await store.classifications.get(r.itemId))?.labels ?? []);
        return { status: r.status === 'stored' ? 'new' : r.status, id: r.itemId, receipt: r.receipt, labels, evidenceQueued: r.status === 'stored' && !!r.evidenceQueued };
      } catch (err) {
        if (err instanceof TipRefused) throw new CliError(`${REFUSED[err.reason]}${err.reason === 'unreadable' ? '\n(you can paste the text instead: tip --text "…")' : ''}`);
        throw err;
      } finally {
        await loader.close();
      }
    });
    if (opts.json) return printJson(out);
    if (out.status === 'suppressed') process.stdout.write('not stored: its author or URL was erased on a person\'s request (suppression list)\n');
    else if (out.status === 'duplicate') process.stdout.write(`already known: item #${out.id} (recorded as another sighting; receipt ${out.receipt})\n`);
    else {
      process.stdout.write(`stored tip as item #${out.id}${out.labels.length ? `, flagged: ${out.labels.join(', ')}` : ''} (receipt ${out.receipt})\n`);
      if (out.evidenceQueued) process.stdout.write('evidence capture queued (done by `serve` or `crawl --once`)\n');
    }
  });
}
