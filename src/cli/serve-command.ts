import type { Command } from 'commander';
import { cliConfig, dbPathFrom, parsePort, withDbOption, type DbOptions } from './common.js';

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
    const { startApplication } = await import('../jobs/application.js');
    const dbPath = dbPathFrom(opts);
    const config = cliConfig();
    const app = await startApplication({ config, dbPath, listen: { host: opts.host ?? config.host, port: opts.port ?? config.port }, scheduler: opts.scheduler });
    process.stdout.write(`Kiểm Chứng is serving ${app.url} (database ${dbPath})\n`);
    await stopped;
    await app.stop();
  });
}
