// Helpers shared by every CLI command: config, --db, opening the store, JSON output, progress.
import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { InvalidArgumentError, type Command } from 'commander';
import { loadConfig, type Config } from '../config.js';
import { installationSecret } from '../privacy/installation-secret.js';
import { openStore, type Store } from '../storage/store.js';

/** An expected failure: its message is printed as is and the process exits with `exitCode`. */
export class CliError extends Error {
  constructor(message: string, readonly exitCode = 1) {
    super(message);
  }
}

let config: Config | undefined;
/** Configuration from the environment, read once (only at this edge). */
export function cliConfig(): Config {
  config ??= loadConfig();
  return config;
}

export interface DbOptions {
  db?: string;
}

/** Adds the `--db PATH` option every command takes. */
export function withDbOption(cmd: Command): Command {
  return cmd.option('--db <path>', 'SQLite database file (default: $KC_DB or <KC_DATA_DIR>/kiemchung.db)');
}

export function dbPathFrom(opts: DbOptions): string {
  return resolve(opts.db ?? cliConfig().dbPath);
}

/**
 * The pseudonym secret belongs with the database it pseudonymises, so it lives in the database's
 * folder (the data dir by default) and is created there on first use.
 */
export function secretFor(dbPath: string): string {
  return installationSecret(dirname(dbPath));
}

/**
 * Opens the store named by --db, runs `fn`, and always closes it. Commands that only read pass
 * `mustExist` so a mistyped path is an error rather than a new empty database.
 */
export async function withStore<T>(opts: DbOptions, fn: (store: Store, dbPath: string) => Promise<T>, mustExist = false): Promise<T> {
  const dbPath = dbPathFrom(opts);
  if (mustExist && !cliConfig().databaseUrl && !existsSync(dbPath)) throw new CliError(`no database at ${dbPath} (use --db PATH, or import something first)`);
  const store = await openStore(dbPath, cliConfig().databaseUrl);
  try {
    return await fn(store, dbPath);
  } finally {
    await store.close();
  }
}

export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value)}\n`);
}

/** commander argument parser for a TCP port (0 = any free port). */
export function parsePort(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || n > 65535) throw new InvalidArgumentError('must be a port number 0–65535');
  return n;
}

export interface Progress {
  update(done: number, total: number, note?: string): void;
  done(): void;
}

/** A one-line progress bar on stderr when it is a terminal; silent otherwise (logs, pipes, tests). */
export function createProgress(label: string, stream: NodeJS.WriteStream = process.stderr): Progress {
  if (!stream.isTTY) return { update() {}, done() {} };
  let last = 0;
  let shown = false;
  return {
    update(done, total, note = '') {
      const now = Date.now();
      if (now - last < 100 && done < total) return;
      last = now;
      shown = true;
      const ratio = total > 0 ? Math.min(1, done / total) : 0;
      const width = 30;
      const filled = Math.round(ratio * width);
      stream.write(`\r${label} [${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${Math.floor(ratio * 100)}% ${note}\x1b[K`);
    },
    done() {
      if (shown) stream.write('\n');
    },
  };
}

/**
 * Runs a command's work and fails loudly if the process runs out of things to wait on before the
 * work settles (an unreferenced timer or socket in the middle of a crawl once made `crawl --once`
 * exit 0 silently, leaving its run "running": issue 14, finding 5).
 */
export async function mustFinish<T>(what: string, work: () => Promise<T>): Promise<T> {
  const abandoned = () => {
    process.stderr.write(`error: ${what} stopped before it finished (nothing left to wait on); nothing was reported\n`);
    process.exitCode = 1;
  };
  process.once('beforeExit', abandoned);
  try {
    return await work();
  } finally {
    process.off('beforeExit', abandoned);
  }
}
