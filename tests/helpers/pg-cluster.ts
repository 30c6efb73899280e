import { execFileSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { userInfo } from 'node:os';
import { join } from 'node:path';

// A private PostgreSQL cluster for one test file or bench run, from Debian's postgresql-15
// (installed by scripts/bootstrap.mjs when missing and root): initdb in a temporary folder as an
// unprivileged user, reachable only through a Unix socket in that folder, fsync off. Never a
// server someone else started, never a TCP port.

export interface PgCluster {
  /** Connection string for `pg` (socket folder as `host`). */
  url: string;
  dir: string;
  stop(): void;
}

export function pgBinDir(): string {
  return process.env.KC_PG_BINDIR ?? '/usr/lib/postgresql/15/bin';
}

export function startPgCluster(): PgCluster {
  const bin = pgBinDir();
  if (!existsSync(join(bin, 'initdb'))) throw new Error(`PostgreSQL 15 not found in ${bin}: run \`npm test\` as root once (it installs postgresql-15) or set KC_PG_BINDIR`);
  const dir = mkdtempSync('/tmp/kc-pg-');
  chmodSync(dir, 0o700);
  // initdb refuses to run as root: the cluster belongs to the postgres system user then.
  const asRoot = userInfo().uid === 0;
  if (asRoot) {
    const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
    chownSync(dir, uid, gid);
  }
  const run = (cmd: string, args: string[]) =>
    asRoot ? execFileSync('runuser', ['-u', 'postgres', '--', join(bin, cmd), ...args], { stdio: 'pipe' }) : execFileSync(join(bin, cmd), args, { stdio: 'pipe' });
  const data = join(dir, 'data');
  try {
    run('initdb', ['-D', data, '-U', 'kc', '-A', 'trust', '-E', 'UTF8', '--locale=C', '--no-sync', '--no-instructions']);
    const settings = ['-k', dir, '-c', "listen_addresses=''", '-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off', '-c', 'max_connections=200'];
    run('pg_ctl', ['-D', data, '-l', join(dir, 'server.log'), '-w', '-t', '60', '-o', settings.join(' '), 'start']);
  } catch (err) {
    rmSync(dir, { recursive: true, force: true });
    const e = err as { stderr?: Buffer; message: string };
    throw new Error(`private PostgreSQL cluster did not start: ${e.stderr?.toString() || e.message}`);
  }
  let stopped = false;
  return {
    url: `postgresql://kc@/postgres?host=${encodeURIComponent(dir)}`,
    dir,
    stop() {
      if (stopped) return;
      stopped = true;
      try {
        run('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}
