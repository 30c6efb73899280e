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
      .option('--no-scheduler', 'do not crawl sources on their schedules (nor capture evidence) while serving'),
  ).action(async (opts: ServeOptions) => {
    // Loaded on demand: the web UI is a large module graph that other commands do not need.
    const { startServer } = await import('../server.js');
    const config = cliConfig();
    const dbPath = dbPathFrom(opts);
    const secret = secretFor(dbPath);
    const store = await openStore(dbPath);
    const server = await startServer(store, config, { host: opts.host ?? config.host, port: opts.port ?? config.port });
    process.stdout.write(`Kiểm Chứng is serving ${server.url} (database ${dbPath})\n`);
    const crawling = opts.scheduler ? await (await import('../jobs/scheduler.js')).startScheduler({ config, store, secret }) : undefined;
    await new Promise<void>((resolve) => {
      const stop = () => resolve();
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
    await crawling?.stop();
    await server.close();
    await store.close();
  });
}
