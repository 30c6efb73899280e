import { mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { tempDir } from './foundation.js';

/**
 * A rules folder that is the shipped one (packs, labels, model, templates: linked) except for the
 * training files, of which only every `every`-th row is kept. For tests of what a retrain records
 * and shows (versions, splits, figures on the page), not of how good the model gets: a retrain
 * trains two models on all 2,700 shipped rows, 30–80 s on two busy cores.
 */
export function smallRulesDir(every = 5): string {
  const from = resolve('rules');
  const dir = tempDir('kc-rules-');
  for (const name of readdirSync(from)) if (name !== 'training') symlinkSync(join(from, name), join(dir, name));
  mkdirSync(join(dir, 'training'));
  for (const name of readdirSync(join(from, 'training')).filter((n) => n.endsWith('.jsonl'))) {
    const rows = readFileSync(join(from, 'training', name), 'utf8').split('\n').filter((l) => l.trim() !== '');
    writeFileSync(join(dir, 'training', name), rows.filter((_, i) => i % every === 0).join('\n') + '\n');
  }
  return dir;
}
