// Composition root for `npm start`: configuration, database, pseudonym secret, classifier,
// the demo corpus on first run, then the web server. Everything is passed down from here.
import { dirname } from 'node:path';
import { loadConfig } from './config.js';
import { importDemoCorpus } from './jobs/import-demo.js';
import { loadClassifier } from './jobs/load-classifier.js';
import { startScheduler } from './jobs/scheduler.js';
import { installationSecret } from './privacy/installation-secret.js';
import { startServer } from './server.js';
import { openStore } from './storage/store.js';

const log = (msg: string) => process.stderr.write(`${msg}\n`);

async function main(): Promise<void> {
  const config = loadConfig();
  const store = await openStore(config.dbPath);
  // Same place the CLI keeps it: beside the database it pseudonymises.
  const secret = installationSecret(dirname(config.dbPath));
  const classifier = await loadClassifier({ rulesDir: config.rulesDir, onWarning: (m) => log(`warning: ${m}`) });

  const demo = await importDemoCorpus(store, config.demoCorpus, { classifier, secret, defaultSource: 'demo' });
  if (demo) {
    log(`first run: imported the demo corpus (${demo.imported} items, ${demo.duplicates} duplicates linked)`);
    for (const r of demo.rejected) log(`  demo corpus line ${r.line}: ${r.error}`);
  }

  const server = await startServer(store, config, { host: config.host, port: config.port });
  process.stdout.write(`Kiểm Chứng is running at ${server.url}\n(database ${config.dbPath}; Ctrl+C to stop)\n`);
  // Enabled sources are crawled on their schedules; flagged items get evidence captured.
  const crawling = await startScheduler({ config, store, secret, log });

  const shutdown = async () => {
    await crawling.stop();
    await server.close();
    await store.close();
    process.exit(0);
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
}

main().catch((err: unknown) => {
  log(`error: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
