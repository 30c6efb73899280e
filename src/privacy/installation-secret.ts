import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, linkSync, mkdirSync, readFileSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const SECRET_FILE = 'installation-secret';

/**
 * Returns the per-installation pseudonym secret stored in `dataDir`, creating it (mode 0600) on
 * first run. Losing it changes every future pseudonym, so it is never regenerated silently: a
 * present but unreadable or malformed file is an error.
 */
export function installationSecret(dataDir: string): string {
  const path = join(dataDir, SECRET_FILE);
  mkdirSync(dataDir, { recursive: true });
  if (!existsSync(path)) {
    // Write a complete temp file, then hard-link it into place: link() fails if the name exists, so
    // two processes starting together agree on one secret and nobody ever reads a half-written file.
    const tmp = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
    writeFileSync(tmp, `${randomBytes(32).toString('hex')}\n`, { flag: 'wx', mode: 0o600 });
    try {
      linkSync(tmp, path);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    } finally {
      unlinkSync(tmp);
    }
  }
  if ((statSync(path).mode & 0o077) !== 0) chmodSync(path, 0o600);
  const secret = readFileSync(path, 'utf8').trim();
  if (!/^[0-9a-f]{64}$/.test(secret)) {
    throw new Error(`installation secret ${path} is malformed; restore it from backup (pseudonyms depend on it)`);
  }
  return secret;
}
