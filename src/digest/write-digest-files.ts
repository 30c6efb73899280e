import { join } from 'node:path';
import { writeFileAtomic } from '../files/write-atomic.js';

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
