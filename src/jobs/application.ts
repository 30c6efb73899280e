// The one application builder (issue 16, step 4): `npm start` (src/main.ts), `serve` and the tests
// build the running product here, so the wiring of web server, classifier, tipline and scheduled
// jobs exists once. start() brings it up, stop() takes it down in reverse order.
import { dirname, join } from 'node:path';
import { adminExtension } from '../../review-ui/admin/index.js';
import { loadActiveClassifier } from '../classifier-runtime/load-active-classifier.js';
import { ReloadableClassifier } from '../classifier-runtime/reloadable-classifier.js';
import type { Config } from '../config.js';
import { installationSecret } from '../privacy/installation-secret.js';
import { startServer } from '../server.js';
import { openStore, type Store } from '../storage/store.js';
import { scheduleConfiguredAlerts } from './alert-job.js';
import { scheduleDigest } from './digest-job.js';
import { importDemoCorpus } from './import-demo.js';
import { digestMaker } from './make-digest.js';
import { schedulePurge } from './purge-schedule.js';
import { startCrawlService } from './crawl-service.js';
import { startEvidenceService } from './evidence-service.js';
import { createSourceAdminTools } from './source-admin-tools.js';
import { createTipline } from './tip-intake.js';

export interface ApplicationOptions {
  config: Config;
  /** Default: config.dbPath. The pseudonym secret lives beside it. */
  dbPath?: string;
  listen?: { host: string; port: number };
  /**
   * false: the web server only (serve --no-scheduler), as role 'web'. Otherwise the role decides.
   */
  scheduler?: boolean;
  /**
   * What this node runs (serve --role, default all): 'web' the HTTP server (review UI, API,
   * tipline); 'crawl' the crawl worker, which leases due sources, plus the timed jobs (digest,
   * purge, alerts: each firing runs on one node only, so any number of crawl nodes may run them);
   * 'evidence' the evidence worker; 'all' everything in one process.
   */
  role?: Role;
  /** Import the demo corpus into an empty database (npm start's first run). */
  demo?: boolean;
  log?: (message: string) => void;
}

export type Role = 'web' | 'crawl' | 'evidence' | 'all';
export const ROLES: readonly Role[] = ['web', 'crawl', 'evidence', 'all'];

export interface RunningApplication {
  /** The web server's address; '' on a node that serves no HTTP (role crawl or evidence). */
  url: string;
  role: Role;
  store: Store;
  stop(): Promise<void>;
}

export async function startApplication(options: ApplicationOptions): Promise<RunningApplication> {
  const { config } = options;
  const log = options.log ?? ((m: string) => process.stderr.write(`${m}\n`));
  const dbPath = options.dbPath ?? config.dbPath;
  const role: Role = options.role ?? (options.scheduler === false ? 'web' : 'all');
  const runs = {
    web: role === 'web' || role === 'all',
    crawl: role === 'crawl' || role === 'all',
    evidence: role === 'evidence' || role === 'all',
    schedules: role === 'crawl' || role === 'all',
  };
  const store = await openStore(dbPath, config.databaseUrl);
  const stops: Array<() => Promise<void>> = [() => store.close()];
  const stop = async () => {
    for (const s of stops.splice(0).reverse()) await s();
  };
  try {
    const secret = installationSecret(dirname(dbPath));
    // Shipped rules and model, plus the overrides and model version chosen in the admin pages;
    // reloaded in place when an admin changes them.
    const classifier = await ReloadableClassifier.create(() => loadActiveClassifier(store, { rulesDir: config.rulesDir, onWarning: (m) => log(`warning: ${m}`) }));
    if (options.demo) {
      const demo = await importDemoCorpus(store, config.demoCorpus, { classifier, secret, defaultSource: 'demo' });
      if (demo) {
        log(`first run: imported the demo corpus (${demo.imported} items, ${demo.duplicates} duplicates linked)`);
        for (const r of demo.rejected) log(`  demo corpus line ${r.line}: ${r.error}`);
      }
    }
    let url = '';
    if (runs.web) {
      const admin = adminExtension({
        sources: createSourceAdminTools(config),
        heldoutPath: config.heldoutPath,
        realEvalPath: config.realEvalPath,
        modelsDir: join(config.dataDir, 'models'),
        onClassifierChange: () => classifier.reload(),
        // "Tạo bản tin" on /digests: the UI gets the function, never the jobs module.
        makeDigest: digestMaker({ dir: config.digest.dir, chromiumPath: config.chromiumPath, rulesDir: config.rulesDir }),
      });
      // Tipline: /tip form and, when configured, the Zalo OA and Telegram webhooks.
      const tipline = createTipline(config, store, classifier, secret, log);
      stops.push(() => tipline.close());
      const server = await startServer(store, config, options.listen ?? { host: config.host, port: config.port }, { extend: admin, secret, tipline: { intake: tipline.intake } });
      stops.push(() => server.close());
      url = server.url;
    }
    if (runs.crawl) {
      // Crawl workers lease due sources; in 'all' the same process captures evidence too.
      const crawling = await startCrawlService({ config, store, secret, classifier, evidence: runs.evidence, log });
      stops.push(() => crawling.stop());
    } else if (runs.evidence) {
      const capturing = startEvidenceService({ config, store, log });
      stops.push(() => capturing.stop());
    }
    if (runs.schedules) {
      // Weekly digest for HQ (default Monday 07:00 in KC_TZ), mailed or left in the outbox.
      const d = config.digest;
      const digest = scheduleDigest(store, {
        cron: d.cron, timeZone: d.timeZone, lang: d.lang, dir: d.dir, chromiumPath: config.chromiumPath, rulesDir: config.rulesDir,
        mail: d.to.length > 0 ? { smtpUrl: d.smtpUrl, from: d.from, to: d.to, outboxDir: d.outboxDir } : undefined,
        onResult: (r) => log(`digest stored (#${r.id}): ${r.files.html}`), onSkip: (w) => log(`digest ${w}: already taken by another process`),
      });
      stops.push(() => digest.stop());
      // Retention, purged daily (default 03:30 in KC_TZ).
      const purge = schedulePurge(store, {
        cron: config.retention.cron, timeZone: d.timeZone, unflaggedDays: config.retention.unflaggedDays, flaggedDays: config.retention.flaggedDays,
        dataDir: config.dataDir, sessions: { idleMs: config.review.sessionIdleMs, maxMs: config.review.sessionMaxMs }, tipReplyDays: config.tipline.replyDays,
        onResult: ({ windows: { unflagged: u, flagged: f } }) =>
          log(`retention purge: ${u.deleted} unflagged item(s) deleted, ${f.deleted} flagged deleted, ${u.scrubbed + f.scrubbed} kept as shells`),
      });
      stops.push(() => purge.stop());
      // Watchlist and claim alerts (default every 10 minutes).
      const alerts = scheduleConfiguredAlerts(store, config, log);
      stops.push(() => alerts.stop());
    }
    return { url, store, role, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}
