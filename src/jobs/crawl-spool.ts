import { mkdirSync, readdirSync, readFileSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomicSync } from '../files/write-atomic.js';
import type { RawItem } from '../types.js';

/**
 * Items that were crawled but could not be stored (database locked for too long) are written
 * here and stored on the source's next run: nothing crawled is lost. One JSONL file per failed
 * batch, named after the source.
 */
export function spoolItems(dir: string, sourceId: string, items: RawItem[], at: Date): string {
  mkdirSync(dir, { recursive: true });
  const name = `${sourceId}--${at.toISOString().replace(/[:.]/g, '-')}-${process.pid}.jsonl`;
  writeFileAtomicSync(join(dir, name), items.map((i) => JSON.stringify(i)).join('\n') + '\n', { mode: 0o600 });
  return join(dir, name);
}

export interface SpoolFile {
  path: string;
  items: RawItem[];
}

export function spooledFor(dir: string, sourceId: string): SpoolFile[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  return names
    .filter((n) => n.startsWith(`${sourceId}--`) && n.endsWith('.jsonl'))
    .sort()
    .map((n) => {
      const path = join(dir, n);
      const items = readFileSync(path, 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line) as RawItem);
      return { path, items };
    });
}

export function removeSpoolFile(path: string): void {
  unlinkSync(path);
}
