import { join } from 'node:path';
import type { Command } from 'commander';
import { openStore } from '../storage/store.js';
import { cliConfig, dbPathFrom, parsePort, secretFor, withDbOption, type DbOptions } from './common.js';

interface ServeOptions extends DbOptions {
  port?: number;
  host?: string;
  /** --no-scheduler: web server only, no crawling or evidence capture. */
  scheduler: boolean;
}

export function register(program: Command): void {
  withDbOption(
    program
      .command('serve')
      .description('start the review web server and print its URL (Ctrl+C stops it)')
      .option('--port <n>', 'TCP port, 0 for any free port (default: $PORT or 3000)', parsePort)
      .option('--host <address>', 'address to listen on (default: $HOST or 127.0.0.1)')
      .option('--no-scheduler', 'do not crawl sources on their schedules (nor capture evidence, send the digest, run the retention purge or check alerts) while serving'),
  ).action(async (opts: ServeOptions) => {
    // Loaded on demand: the web UI is a large module graph that other commands do not need.
    // Listen for Ctrl+C from the start: a signal during the (slow) start-up must still shut down cleanly.
    const stopped = new Promise<void>((resolve) => {
      process.once('SIGINT', () => resolve());
      process.once('SIGTERM', () => resolve());
    });
    const { startServer } = await import('../server.js');
    const config = cliConfig();
    const dbPath = dbPathFrom(opts);
    const secret = secretFor(dbPath);
    const store = await openStore(dbPath);
    const { adminExtension } = await import('../../review-ui/admin/index.js');
    const { loadActiveClassifier } = await import('../classifier-runtime/load-active-classifier.js');
    const { ReloadableClassifier } = await import('../classifier-runtime/reloadable-classifier.js');
    const { createSourceAdminTools } = await import('../jobs/source-admin-tools.js');
    const { digestMaker } = await import('../jobs/make-digest.js');
    const log = (m: string) => process.stderr.write(`${m}\n`);
    // Rule overrides and the active model from the admin pages, reloaded in place when they change.
    const classifier = await ReloadableClassifier.create(() => loadActiveClassifier(store, { rulesDir: config.rulesDir, onWarning: (m) => log(`warning: ${m}`) }));
    const extend = adminExtension({ sources: createSourceAdminTools(config), heldoutPath: config.heldoutPath, realEvalPath: config.realEvalPath, modelsDir: join(config.dataDir, 'models'), onClassifierChange: () => classifier.reload(),
      makeDigest: digestMaker({ dir: config.digest.dir, chromiumPath: config.chromiumPath, rulesDir: config.rulesDir }) });
    // Tipline (issue 15, §2): /tip form and, when configured, the Zalo OA and Telegram webhooks.
    const tipline = (await import('../jobs/tip-intake.js')).createTipline(config, store, classifier, secret, log);
    const server = await startServer(store, config, { host: opts.host ?? config.host, port: opts.port ?? config.port }, { extend, secret, tipline: { intake: tipline.intake } });
    process.stdout.write(`Kiểm Chứng is serving ${server.url} (database ${dbPath})\n`);
    const crawling = opts.scheduler ? await (await import('../jobs/scheduler.js')).startScheduler({ config, store, secret, classifier }) : undefined;
    const d = config.digest;
    const digest = opts.scheduler
      ? (await import('../jobs/digest-job.js')).scheduleDigest(store, {
          cron: d.cron, timeZone: d.timeZone, lang: d.lang, dir: d.dir, chromiumPath: config.chromiumPath, rulesDir: config.rulesDir,
          mail: d.to.length > 0 ? { smtpUrl: d.smtpUrl, from: d.from, to: d.to, outboxDir: d.outboxDir } : undefined,
          onResult: (r) => log(`digest stored (#${r.id}): ${r.files.html}`), onSkip: (w) => log(`digest ${w}: already taken by another process`),
        })
      : undefined;
    const purge = opts.scheduler
      ? (await import('../jobs/purge-schedule.js')).schedulePurge(store, {
          cron: config.retention.cron, timeZone: d.timeZone, unflaggedDays: config.retention.unflaggedDays, flaggedDays: config.retention.flaggedDays,
          dataDir: config.dataDir, sessions: { idleMs: config.review.sessionIdleMs, maxMs: config.review.sessionMaxMs }, tipReplyDays: config.tipline.replyDays,
          onResult: ({ windows: { unflagged: u, flagged: f } }) =>
            log(`retention purge: ${u.deleted} unflagged item(s) deleted, ${f.deleted} flagged deleted, ${u.scrubbed + f.scrubbed} kept as shells`),
        })
      : undefined;
    const alerts = opts.scheduler ? (await import('../jobs/alert-job.js')).scheduleConfiguredAlerts(store, config, log) : undefined;
    await stopped;
    await alerts?.stop();
    await purge?.stop();
    await digest?.stop();
    await crawling?.stop();
    await server.close();
    await tipline.close();
    await store.close();
  });
}
