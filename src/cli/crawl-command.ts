import type { Command } from 'commander';
import type { CrawlSummary } from '../jobs/crawl-source.js';
import type { drainEvidence } from '../jobs/evidence-worker.js';
import { CliError, cliConfig, createProgress, mustFinish, printJson, secretFor, withDbOption, withStore, type DbOptions } from './common.js';
import { activeClassifier, findSource, readSources, table, withSourcesOption, type SourcesOptions } from './crawl-options.js';

interface CrawlOptions extends DbOptions, SourcesOptions {
  source?: string[];
  once?: boolean;
  json?: boolean;
  evidence: boolean;
}

function printSummaries(summaries: CrawlSummary[]): void {
  const rows = [['SOURCE', 'STATUS', 'PAGES', 'FOUND', 'NEW', 'DUP', 'EVIDENCE', 'HEALTH', 'NOTE']];
  for (const s of summaries) {
    const note = [s.error ?? (s.stoppedBy ? `stopped early: ${s.stoppedBy}` : s.replayed ? `${s.replayed} spooled item(s) stored` : ''), s.suppressed ? `${s.suppressed} suppressed (erased on request)` : '']
      .filter(Boolean)
      .join('; ');
    rows.push([s.sourceId, s.status, String(s.pages), String(s.found), String(s.new), String(s.duplicates), String(s.evidenceQueued), s.health ?? '–', note]);
  }
  process.stdout.write(`${table(rows)}\n`);
}

export function register(program: Command): void {
  withDbOption(
    withSourcesOption(
      program
        .command('crawl')
        .description('crawl sources: with --once, each selected source once now; without, on their schedules until Ctrl+C')
        .option('--source <id...>', 'only these sources (a disabled source named here is crawled too)')
        .option('--once', 'run each selected source once, print a summary and exit')
        .option('--json', 'with --once: print one JSON object {"sources":[…],"errors":[…],"evidence":{…}} and nothing else on stdout')
        .option('--no-evidence', 'with --once: leave evidence capture of flagged items queued (for `serve` to do)'),
    ),
  )
    .addHelpText('after', '\nExit status with --once: 0 when every source succeeded, 1 when a source failed or a source file is invalid.')
    .action(async (opts: CrawlOptions) => {
      const config = cliConfig();
      const { dir, sources, errors } = readSources(opts, !!opts.json);
      if (!opts.once) {
        if (opts.json || opts.source) throw new CliError('--json and --source need --once (the scheduler crawls every enabled source)');
        // The same leasing crawl worker as `serve --role crawl` (with evidence capture, as before).
        const { startCrawlService } = await import('../jobs/crawl-service.js');
        await withStore(opts, async (store, dbPath) => {
          const service = await startCrawlService({ config, store, secret: secretFor(dbPath), sourcesDir: dir, evidence: true });
          process.stderr.write(`crawling ${sources.filter((s) => s.enabled).length} enabled source(s) from ${dir} on their schedules; Ctrl+C stops\n`);
          await new Promise<void>((r) => {
            process.once('SIGINT', r);
            process.once('SIGTERM', r);
          });
          await service.stop();
        });
        return;
      }
      const selected = opts.source ? opts.source.map((id) => findSource(sources, id, dir)) : sources.filter((s) => s.enabled);
      if (selected.length === 0 && !opts.json) process.stderr.write(`no enabled sources in ${dir} (set "enabled: true" or name one with --source)\n`);
      // Loaded on demand: browser and HTTP machinery are heavy for the other commands.
      const [{ createCrawlRuntime }, { crawlSource }, { drainEvidence }, { sharedHostGate }, { nodeName }] = await Promise.all([
        import('../jobs/crawl-runtime.js'),
        import('../jobs/crawl-source.js'),
        import('../jobs/evidence-worker.js'),
        import('../jobs/shared-host-gate.js'),
        import('../jobs/node-name.js'),
      ]);
      const result = await mustFinish('the crawl', () => withStore(opts, async (store, dbPath) => {
        const progress = createProgress('crawl');
        let done = 0;
        // The host slots shared with running crawl workers: a crawl by hand is polite to them too.
        const hostGate = sharedHostGate({ leases: store.leases, node: nodeName('crawl-once'), leaseMs: config.crawl.timeoutMs + 5000 });
        const runtime = createCrawlRuntime({ config, store, classifier: await activeClassifier(store), secret: secretFor(dbPath), hostGate });
        try {
          // Different hosts in parallel; the loader keeps each host to one request at a time.
          const summaries = await Promise.all(
            selected.map((s) =>
              crawlSource(runtime.deps, s).then((r) => {
                progress.update(++done, selected.length, s.id);
                return r;
              }),
            ),
          );
          progress.done();
          const queued = summaries.reduce((n, s) => n + s.evidenceQueued, 0);
          let evidence: Awaited<ReturnType<typeof drainEvidence>> | undefined;
          if (opts.evidence && queued > 0) {
            if (!opts.json) process.stderr.write(`capturing evidence for ${queued} flagged item(s)…\n`);
            evidence = await drainEvidence({ store, browser: runtime.browser, dataDir: config.dataDir, labels: config.evidenceLabels });
          }
          return { summaries, evidence };
        } finally {
          await runtime.close();
        }
      }));
      if (opts.json) printJson({ sources: result.summaries, errors, evidence: result.evidence ?? null });
      else {
        if (result.summaries.length > 0) printSummaries(result.summaries);
        if (result.evidence) process.stdout.write(`evidence: ${result.evidence.done} captured, ${result.evidence.retry} to retry, ${result.evidence.failed} failed${result.evidence.lost ? `, ${result.evidence.lost} taken over by another worker` : ''}\n`);
      }
      if (errors.length > 0 || result.summaries.some((s) => s.status === 'failed')) process.exitCode = 1;
    });
}
