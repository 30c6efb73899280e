import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import type { TrainingRow } from '../classify/train-model.js';
import { readJsonl } from './read-jsonl.js';

export const trainingRowSchema = z.object({
  id: z.union([z.string(), z.number()]).optional(),
  text: z.string().min(1),
  title: z.string().optional(),
  labels: z.array(z.string().min(1)),
});

/** Training rows from JSON-lines files and/or directories of them (every *.jsonl inside). */
export async function loadTrainingRows(paths: string[]): Promise<{ rows: TrainingRow[]; files: string[] }> {
  const files: string[] = [];
  for (const p of paths) {
    const s = await stat(p).catch(() => {
      throw new Error(`${p}: no such file or directory`);
    });
    if (s.isDirectory()) {
      const names = (await readdir(p)).filter((n) => n.endsWith('.jsonl')).sort();
      files.push(...names.map((n) => join(p, n)));
    } else files.push(p);
  }
  const rows: TrainingRow[] = [];
  for (const f of files) {
    for (const r of await readJsonl(f, trainingRowSchema)) rows.push({ text: r.text, title: r.title, labels: r.labels });
  }
  return { rows, files };
}
