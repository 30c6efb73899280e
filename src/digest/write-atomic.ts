import { randomBytes } from 'node:crypto';
import { mkdir, open, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/**
 * Writes a file under a temporary name in the same folder, flushes it and renames it over the
 * final name, so a crash leaves either the old file or the new one, never half of one.
 */
export async function writeFileAtomic(path: string, data: string | Uint8Array): Promise<void> {
  const dir = dirname(path);
  await mkdir(dir, { recursive: true });
  const tmp = join(dir, `.${basename(path)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    const fh = await open(tmp, 'w', 0o644);
    try {
      await fh.writeFile(data);
      await fh.sync();
    } finally {
      await fh.close();
    }
    await rename(tmp, path);
  } catch (err) {
    await rm(tmp, { force: true });
    throw err;
  }
}

export interface DigestFiles {
  html: string;
  md: string;
  pdf: Uint8Array;
}

/** Writes digest.html, digest.md and digest.pdf into `dir`; returns their paths. */
export async function writeDigestFiles(dir: string, files: DigestFiles): Promise<{ html: string; md: string; pdf: string }> {
  const paths = { html: join(dir, 'digest.html'), md: join(dir, 'digest.md'), pdf: join(dir, 'digest.pdf') };
  await writeFileAtomic(paths.html, files.html);
  await writeFileAtomic(paths.md, files.md);
  await writeFileAtomic(paths.pdf, files.pdf);
  return paths;
}
