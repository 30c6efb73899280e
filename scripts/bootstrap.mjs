#!/usr/bin/env node
// Makes a fresh clone runnable: installs npm dependencies when the lockfile changed and,
// when running as root, the system Chromium that puppeteer drives (and, for the tests, PostgreSQL 15). No dependencies of its own.
import { createHash } from 'node:crypto';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const stampFile = join(root, 'node_modules', '.kiemchung-install-stamp');
const lockFile = join(root, 'package-lock.json');
const log = (msg) => process.stderr.write(`[bootstrap] ${msg}\n`);

function lockHash() {
  const h = createHash('sha256');
  h.update(readFileSync(join(root, 'package.json')));
  if (existsSync(lockFile)) h.update(readFileSync(lockFile));
  return h.digest('hex');
}

function ensureDependencies() {
  const want = lockHash();
  if (existsSync(stampFile) && readFileSync(stampFile, 'utf8') === want) return;
  log('installing npm dependencies (first run or lockfile changed; sqlite3 compiles from source, ~2 min)…');
  const args = existsSync(lockFile) ? ['ci', '--no-audit', '--no-fund'] : ['install', '--no-audit', '--no-fund'];
  const r = spawnSync('npm', args, { cwd: root, stdio: ['ignore', 'inherit', 'inherit'] });
  if (r.status !== 0) {
    log(`npm ${args[0]} failed with exit code ${r.status}`);
    process.exit(r.status ?? 1);
  }
  writeFileSync(stampFile, want);
}

export function chromiumPath() {
  return process.env.PUPPETEER_EXECUTABLE_PATH || '/usr/bin/chromium';
}

/**
 * A system program the project needs: present at `path`, or installed from Debian's packages when
 * running as root and the path was not set by the user; otherwise says how to install it.
 */
function ensureSystemPackage({ what, path, packages, overriddenBy, hint }) {
  if (existsSync(path)) return true;
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (!isRoot || process.env[overriddenBy]) {
    log(`${what} not found at ${path}.`);
    log(hint);
    return false;
  }
  log(`installing ${what} from Debian packages (apt-get install ${packages.join(' ')})…`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  try {
    execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
    execFileSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...packages], { stdio: 'inherit', env });
  } catch (err) {
    log(`apt-get failed: ${err.message}`);
    return false;
  }
  return existsSync(path);
}

const ensureChromium = () =>
  ensureSystemPackage({
    what: 'Chromium',
    path: chromiumPath(),
    packages: ['chromium', 'fonts-dejavu-core'],
    overriddenBy: 'PUPPETEER_EXECUTABLE_PATH',
    hint: 'Install it with `sudo apt-get install chromium` (Debian/Ubuntu) or set PUPPETEER_EXECUTABLE_PATH to a Chromium/Chrome binary.',
  });

// Tests start private PostgreSQL clusters (tests/helpers/pg-cluster.ts) from Debian's postgresql-15.
export function postgresBinDir() {
  return process.env.KC_PG_BINDIR || '/usr/lib/postgresql/15/bin';
}

const ensurePostgres = () =>
  ensureSystemPackage({
    what: 'PostgreSQL 15',
    path: join(postgresBinDir(), 'initdb'),
    packages: ['postgresql-15'],
    overriddenBy: 'KC_PG_BINDIR',
    hint: 'Install it with `sudo apt-get install postgresql-15` (Debian) or set KC_PG_BINDIR to its bin folder.',
  });

const requireBrowser = process.argv.includes('--require-browser');
ensureDependencies();
const haveBrowser = ensureChromium();
if (!haveBrowser) {
  if (requireBrowser) process.exit(1);
  log('continuing without a browser: evidence screenshots and PDF digests are disabled until Chromium is installed.');
}
if (process.argv.includes('--require-postgres') && !ensurePostgres()) process.exit(1);
