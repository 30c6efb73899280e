// Composition root for `npm start`: configuration, database, pseudonym secret, classifier,
// the demo corpus on first run, then the web server. Everything is passed down from here.
import { dirname, join } from 'node:path';
import { adminExtension } from '../review-ui/admin/index.js';
import { loadConfig } from './config.js';
import { importDemoCorpus } from './jobs/import-demo.js';
import { scheduleDigest } from './jobs/digest-job.js';
import { digestMaker } from './jobs/make-digest.js';
import { schedulePurge } from './jobs/purge-schedule.js';
import { createTipline } from './jobs/tip-intake.js';
import { scheduleConfiguredAlerts } from './jobs/alert-job.js';
import { loadActiveClassifier } from './classifier-runtime/load-active-classifier.js';
import { ReloadableClassifier } from './classifier-runtime/reloadable-classifier.js';
import { createSourceAdminTools } from './jobs/source-admin-tools.js';
import { startScheduler } from './jobs/scheduler.js';
import { installationSecret } from './privacy/installation-secret.js';
import { issueSetupToken } from './review/first-admin.js';
import { startServer } from './server.js';
import { openStore } from './storage/store.js';

const log = (msg: string) => process.stderr.write(`${msg}\n`);

async function main(): Promise<void> {
  // Listen for Ctrl+C / SIGTERM from the very start: a signal during the (slow) start-up must still
  // end in a clean shutdown, not the default kill.
  const stopped = new Promise<void>((resolve) => {
    process.once('SIGINT', () => resolve());
    process.once('SIGTERM', () => resolve());
  });
  const config = loadConfig();
  const store = await openStore(config.dbPath);
  // Same place the CLI keeps it: beside the database it pseudonymises.
  const secret = installationSecret(dirname(config.dbPath));
  // Shipped rules and model, plus the overrides and model version chosen in the admin pages;
  // reloaded in place when an admin changes them.
  const classifier = await ReloadableClassifier.create(() => loadActiveClassifier(store, { rulesDir: config.rulesDir, onWarning: (m) => log(`warning: ${m}`) }));

  const demo = await importDemoCorpus(store, config.demoCorpus, { classifier, secret, defaultSource: 'demo' });
  if (demo) {
    log(`first run: imported the demo corpus (${demo.imported} items, ${demo.duplicates} duplicates linked)`);
    for (const r of demo.rejected) log(`  demo corpus line ${r.line}: ${r.error}`);
  }

  const admin = adminExtension({
    sources: createSourceAdminTools(config),
    heldoutPath: config.heldoutPath,
    realEvalPath: config.realEvalPath,
    modelsDir: join(config.dataDir, 'models'),
    onClassifierChange: () => classifier.reload(),
    // "Tạo bản tin" on /digests: the UI gets the function, never the jobs module.
    makeDigest: digestMaker({ dir: config.digest.dir, chromiumPath: config.chromiumPath, rulesDir: config.rulesDir }),
  });
  // Tipline (issue 15, §2): /tip form and, when configured, the Zalo OA and Telegram webhooks.
  const tipline = createTipline(config, store, classifier, secret, log);
  const server = await startServer(store, config, { host: config.host, port: config.port }, { extend: admin, secret, tipline: { intake: tipline.intake } });
  process.stdout.write(`Kiểm Chứng is running at ${server.url}\n(database ${config.dbPath}; Ctrl+C to stop)\n`);
  // First run: no administrator yet. A fresh one-time link each start (only the latest works).
  const setup = await issueSetupToken(store, new Date());
  if (setup) {
    process.stdout.write(
      `\nChưa có quản trị viên. Mở đường dẫn dùng một lần này trên trình duyệt để tạo tài khoản quản trị đầu tiên:\n` +
        `  ${server.url}/setup/${setup}\n` +
        `(hoặc: echo 'mật khẩu dài' | npm run --silent cli -- users add --username TEN --role admin --password-stdin). Đường dẫn hết hiệu lực khi đã có quản trị viên.\n` +
        `No administrator yet: open the link above once to create the first one.\n\n`,
    );
  }
  // Enabled sources are crawled on their schedules; flagged items get evidence captured.
  const crawling = await startScheduler({ config, store, secret, classifier, log });
  // Weekly digest for HQ (default Monday 07:00 Asia/Ho_Chi_Minh), mailed or left in the outbox.
  const d = config.digest;
  const digest = scheduleDigest(store, {
    cron: d.cron, timeZone: d.timeZone, lang: d.lang, dir: d.dir, chromiumPath: config.chromiumPath, rulesDir: config.rulesDir,
    mail: d.to.length > 0 ? { smtpUrl: d.smtpUrl, from: d.from, to: d.to, outboxDir: d.outboxDir } : undefined,
    onResult: (r) => log(`digest stored (#${r.id}): ${r.files.html}`), onSkip: (w) => log(`digest ${w}: already taken by another process`),
  });
  // Retention (KC_RETENTION_UNFLAGGED_DAYS / KC_RETENTION_FLAGGED_DAYS), purged daily (default 03:30 in KC_TZ).
  const purge = schedulePurge(store, {
    cron: config.retention.cron, timeZone: d.timeZone, unflaggedDays: config.retention.unflaggedDays, flaggedDays: config.retention.flaggedDays,
    dataDir: config.dataDir, sessions: { idleMs: config.review.sessionIdleMs, maxMs: config.review.sessionMaxMs }, tipReplyDays: config.tipline.replyDays,
    onResult: ({ windows: { unflagged: u, flagged: f } }) =>
      log(`retention purge: ${u.deleted} unflagged item(s) deleted, ${f.deleted} flagged deleted, ${u.scrubbed + f.scrubbed} kept as shells`),
  });

  // Watchlist and claim alerts (KC_ALERT_CRON, default every 10 minutes), shown in the UI and sent to KC_ALERT_EMAILS / Telegram.
  const alerts = scheduleConfiguredAlerts(store, config, log);

  await stopped;
  await alerts.stop();
  await purge.stop();
  await digest.stop();
  await crawling.stop();
  await server.close();
  await tipline.close();
  await store.close();
  process.exit(0);
}

main().catch((err: unknown) => {
  log(`error: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
