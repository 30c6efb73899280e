import { Option, type Command } from 'commander';
import { cliConfig, dbPathFrom, parsePort, withDbOption, type DbOptions } from './common.js';

interface ServeOptions extends DbOptions {
  port?: number;
  host?: string;
  /** --no-scheduler: web server only, no crawling or evidence capture. */
  scheduler: boolean;
  role?: 'web' | 'crawl' | 'evidence' | 'all';
}

export function register(program: Command): void {
  withDbOption(
    program
      .command('serve')
      .description('start the review web server and print its URL (Ctrl+C stops it)')
      .option('--port <n>', 'TCP port, 0 for any free port (default: $PORT or 3000)', parsePort)
      .option('--host <address>', 'address to listen on (default: $HOST or 127.0.0.1)')
      .option('--no-scheduler', 'do not crawl sources on their schedules (nor capture evidence, send the digest, run the retention purge or check alerts) while serving')
      .addOption(
        new Option('--role <role>', 'what this node runs: web (HTTP only), crawl (crawl worker, digest, purge, alerts), evidence (evidence worker) or all (default)').choices(['web', 'crawl', 'evidence', 'all']),
      ),
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
    const app = await startApplication({ config, dbPath, listen: { host: opts.host ?? config.host, port: opts.port ?? config.port }, scheduler: opts.scheduler, role: opts.role });
    process.stdout.write(app.url ? `Kiểm Chứng is serving ${app.url} (database ${dbPath}; role ${app.role})\n` : `Kiểm Chứng ${app.role} node is running (database ${dbPath})\n`);
    await stopped;
    await app.stop();
  });
}
