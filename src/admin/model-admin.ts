import { createHash } from 'node:crypto';
import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { evaluatePredictions, type EvalReport } from '../classify/metrics.js';
import type { TrainingRow } from '../classify/train-model.js';
import type { Classifier } from '../types.js';
import { DEFAULT_CONFIRMING } from '../digest/build-digest.js';
import { writeFileAtomic } from '../digest/write-atomic.js';
import { loadActiveClassifier } from '../jobs/load-active-classifier.js';
import { loadClassifier } from '../jobs/load-classifier.js';
import { trainOffThread } from '../jobs/train-off-thread.js';
import { loadTrainingRows, trainingRowSchema } from '../rules-loader/load-training.js';
import { readJsonl } from '../rules-loader/read-jsonl.js';
import type { Store } from '../storage/store.js';
import { currentOverrides } from './rule-admin.js';

/** Labels a reviewed item teaches: the flags its verdict confirmed (plus "grievance" when so judged). */
export function labelsFromVerdict(verdict: string, flagged: string[]): string[] {
  const out = flagged.filter((l) => (DEFAULT_CONFIRMING[l] ?? []).includes(verdict));
  if (verdict === 'grievance' && !out.includes('grievance')) out.push('grievance');
  return out;
}

export async function evaluateOn(classifier: Classifier & { labels?: string[] }, heldoutPath: string): Promise<EvalReport> {
  const rows = await readJsonl(heldoutPath, trainingRowSchema);
  if (rows.length === 0) throw new Error(`${heldoutPath}: no rows`);
  const labels = [...new Set(rows.flatMap((r) => r.labels))].sort();
  const predictions = rows.map((r) => ({ gold: r.labels, predicted: (classifier.classify({ text: r.text, title: r.title })?.labels ?? []).filter((l) => labels.includes(l)) }));
  return evaluatePredictions(predictions, labels);
}

export interface RetrainResult {
  id: number;
  examples: number;
  verdictExamples: number;
  before: EvalReport;
  after: EvalReport;
}

/**
 * Trains a new model from the training files plus reviewers' verdicts, evaluates the classifier
 * before (active model) and after (new model) on the held-out set, and records the version
 * (inactive: an admin activates it after reading the figures).
 */
export async function retrainModel(
  store: Store,
  o: { rulesDir: string; heldoutPath: string; modelsDir: string; by: { id: number; username: string }; now: Date; ip?: string | null },
): Promise<RetrainResult> {
  const { rows: fileRows, files } = await loadTrainingRows([join(o.rulesDir, 'training')]);
  const verdictRows: TrainingRow[] = (await store.adminQueries.verdictExamples(50_000)).map((r) => ({
    text: r.text,
    ...(r.title ? { title: r.title } : {}),
    labels: labelsFromVerdict(r.verdict, r.labels ? (JSON.parse(r.labels) as string[]) : []),
  }));
  const rows = [...fileRows.map((r) => ({ text: r.text, title: r.title, labels: r.labels })), ...verdictRows];
  const file = await trainOffThread({ rows, sources: [...files, `reviewer verdicts (${verdictRows.length})`] }, o.now);
  await mkdir(o.modelsDir, { recursive: true });
  const path = join(o.modelsDir, `model-${o.now.toISOString().replace(/[:.]/g, '-')}.json`);
  const json = JSON.stringify(file);
  await writeFileAtomic(path, json);
  const before = await evaluateOn(await loadActiveClassifier(store, { rulesDir: o.rulesDir, onWarning: () => undefined }), o.heldoutPath);
  const after = await evaluateOn(await loadClassifier({ rulesDir: o.rulesDir, modelPath: path, overrides: await currentOverrides(store), onWarning: () => undefined }), o.heldoutPath);
  const sha256 = createHash('sha256').update(await readFile(path)).digest('hex');
  const now = o.now.toISOString();
  const id = await store.db.write(async () => {
    const id = await store.modelVersions.add({ path, sha256, now, createdBy: o.by.username, examples: rows.length, verdictExamples: verdictRows.length, evalBefore: before, evalAfter: after });
    await store.audit.append({ at: now, userId: o.by.id, username: o.by.username, action: 'model_train', targetType: 'model', targetId: id, detail: { examples: rows.length, verdicts: verdictRows.length, macroF1Before: before.macroF1, macroF1After: after.macroF1 }, ip: o.ip ?? null });
    return id;
  });
  return { id, examples: rows.length, verdictExamples: verdictRows.length, before, after };
}

/** Activates a model version (null: back to the shipped model); the next classifier load uses it. */
export async function activateModel(store: Store, id: number | null, by: { id: number; username: string }, meta: { now: Date; ip?: string | null }): Promise<void> {
  const now = meta.now.toISOString();
  const previous = (await store.modelVersions.active())?.id ?? null;
  await store.db.write(async () => {
    await store.modelVersions.activate(id, now);
    await store.audit.append({ at: now, userId: by.id, username: by.username, action: 'model_activate', targetType: 'model', targetId: id ?? 'shipped', detail: { previous }, ip: meta.ip ?? null });
  });
}
