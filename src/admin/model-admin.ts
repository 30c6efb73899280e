import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sliceFigures, type SliceFigures } from '../classify/eval-breakdown.js';
import type { EvalReport } from '../classify/metrics.js';
import type { TrainingRow } from '../classify/train-model.js';
import type { Classifier } from '../types.js';
import { DEFAULT_CONFIRMING } from '../storage/verdicts.js';
import { writeFileAtomic } from '../files/write-atomic.js';
import { loadActiveClassifier } from '../classifier-runtime/load-active-classifier.js';
import { loadClassifier } from '../classifier-runtime/load-classifier.js';
import { trainOffThread } from '../classifier-runtime/train-off-thread.js';
import { loadTrainingRows, trainingRowSchema } from '../rules-loader/load-training.js';
import { readJsonl } from '../rules-loader/read-jsonl.js';
import type { Store } from '../storage/store.js';
import { MIN_VERDICTS_FOR_TIME_SPLIT, splitByDecisionTime, type ModelEvaluations, type RealSetFigures, type TimeSplitFigures } from './model-evaluations.js';
import { currentOverrides } from '../classifier-runtime/current-overrides.js';

/** Labels a reviewed item teaches: the flags its verdict confirmed (plus "grievance" when so judged). */
export function labelsFromVerdict(verdict: string, flagged: string[]): string[] {
  const out = flagged.filter((l) => (DEFAULT_CONFIRMING[l] ?? []).includes(verdict));
  if (verdict === 'grievance' && !out.includes('grievance')) out.push('grievance');
  return out;
}

/** Figures for one classifier on labelled rows, scored on `labels`. */
function figuresOn(classifier: Classifier, rows: TrainingRow[], labels: string[]): SliceFigures {
  return sliceFigures(
    rows.map((r) => ({ text: r.text, title: r.title, gold: r.labels, predicted: classifier.classify({ text: r.text, title: r.title })?.labels ?? [] })),
    labels,
  );
}

const goldLabels = (rows: TrainingRow[]) => [...new Set(rows.flatMap((r) => r.labels))].sort();

async function readEvalRows(path: string): Promise<TrainingRow[]> {
  const rows = await readJsonl(path, trainingRowSchema);
  if (rows.length === 0) throw new Error(`${path}: no rows`);
  return rows.map((r) => ({ text: r.text, title: r.title, labels: r.labels }));
}

/** Per-label figures on a labelled file, scored on the labels found in it. */
export async function evaluateOn(classifier: Classifier, heldoutPath: string): Promise<EvalReport> {
  const rows = await readEvalRows(heldoutPath);
  return figuresOn(classifier, rows, goldLabels(rows)).report;
}

export interface RetrainResult {
  id: number;
  examples: number;
  verdictExamples: number;
  /** Held-out set, active model (before) and new model (after). */
  before: EvalReport;
  after: EvalReport;
  evaluations: ModelEvaluations;
}

export interface RetrainOptions {
  rulesDir: string;
  heldoutPath: string;
  /** The real development set (config.realEvalPath); null or a missing file: "not available". */
  realEvalPath?: string | null;
  modelsDir: string;
  by: { id: number; username: string };
  now: Date;
  ip?: string | null;
}

/**
 * Trains a new model from the training files plus all reviewers' verdicts and records the version
 * (inactive: an admin activates it after reading the figures). The classifier is evaluated before
 * (active model) and after (new model) on the held-out set, on the real development set when
 * present, and on the newest fifth of the verdicts: for that figure a second model is trained on
 * the training files plus the older four fifths only (it is not kept), so "after" is measured on
 * verdicts it never saw, as the shipped model will meet next month's posts.
 */
export async function retrainModel(store: Store, o: RetrainOptions): Promise<RetrainResult> {
  const { rows: fileRows, files } = await loadTrainingRows([join(o.rulesDir, 'training')]);
  const baseRows: TrainingRow[] = fileRows.map((r) => ({ text: r.text, title: r.title, labels: r.labels }));
  const verdicts = (await store.adminQueries.verdictExamples(50_000)).map((r) => ({
    decidedAt: r.decidedAt,
    row: { text: r.text, ...(r.title ? { title: r.title } : {}), labels: labelsFromVerdict(r.verdict, r.labels) } as TrainingRow,
  }));
  const verdictRows = verdicts.map((v) => v.row);
  const rows = [...baseRows, ...verdictRows];
  // Oldest first (the query gives newest first), so that among verdicts decided at the same
  // moment the later-stored item counts as the newer.
  const split = splitByDecisionTime([...verdicts].reverse());
  const activeVersion = await store.modelVersions.active();
  // Both models train at once, each in its own worker thread.
  const [file, splitFile] = await Promise.all([
    trainOffThread({ rows, sources: [...files, `reviewer verdicts (${verdictRows.length})`] }, o.now),
    split ? trainOffThread({ rows: [...baseRows, ...split.older.map((v) => v.row)], sources: [...files, `older reviewer verdicts (${split.older.length})`] }, o.now) : undefined,
  ]);
  await mkdir(o.modelsDir, { recursive: true });
  const path = join(o.modelsDir, `model-${o.now.toISOString().replace(/[:.]/g, '-')}.json`);
  await writeFileAtomic(path, JSON.stringify(file));

  const overrides = await currentOverrides(store);
  const quiet = () => undefined;
  const active = await loadActiveClassifier(store, { rulesDir: o.rulesDir, onWarning: quiet });
  const fresh = await loadClassifier({ rulesDir: o.rulesDir, modelPath: path, overrides, onWarning: quiet });
  const heldoutRows = await readEvalRows(o.heldoutPath);
  const heldout = { before: figuresOn(active, heldoutRows, goldLabels(heldoutRows)), after: figuresOn(fresh, heldoutRows, goldLabels(heldoutRows)) };

  let timeSplit: TimeSplitFigures = { status: 'too_few', verdicts: verdicts.length, minimum: MIN_VERDICTS_FOR_TIME_SPLIT };
  if (split && splitFile) {
    const dir = await mkdtemp(join(tmpdir(), 'kc-time-split-'));
    try {
      const splitPath = join(dir, 'model.json');
      await writeFile(splitPath, JSON.stringify(splitFile));
      const splitClassifier = await loadClassifier({ rulesDir: o.rulesDir, modelPath: splitPath, overrides, onWarning: quiet });
      const newest = split.newest.map((v) => v.row);
      timeSplit = {
        status: 'ok',
        verdicts: verdicts.length,
        trainVerdicts: split.older.length,
        testVerdicts: split.newest.length,
        testFrom: split.newest[0].decidedAt,
        testTo: split.newest[split.newest.length - 1].decidedAt,
        // The shipped model never saw a verdict; a retrained one saw those decided before it was made.
        seenByActive: activeVersion ? split.newest.filter((v) => v.decidedAt <= activeVersion.createdAt).length : 0,
        before: figuresOn(active, newest, fresh.labels),
        after: figuresOn(splitClassifier, newest, fresh.labels),
      };
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }

  let real: RealSetFigures = { status: 'not_available', path: o.realEvalPath ?? null };
  if (o.realEvalPath && (await stat(o.realEvalPath).then((s) => s.isFile(), () => false))) {
    const realRows = await readEvalRows(o.realEvalPath);
    real = { status: 'ok', path: o.realEvalPath, before: figuresOn(active, realRows, goldLabels(realRows)), after: figuresOn(fresh, realRows, goldLabels(realRows)) };
  }

  const evaluations: ModelEvaluations = { heldout, timeSplit, real };
  const before = heldout.before.report;
  const after = heldout.after.report;
  const sha256 = createHash('sha256').update(await readFile(path)).digest('hex');
  const now = o.now.toISOString();
  const id = await store.write(async () => {
    const id = await store.modelVersions.add({ path, sha256, now, createdBy: o.by.username, examples: rows.length, verdictExamples: verdictRows.length, evalBefore: before, evalAfter: after, evaluations });
    await store.audit.append({ at: now, userId: o.by.id, username: o.by.username, action: 'model_train', targetType: 'model', targetId: id, detail: { examples: rows.length, verdicts: verdictRows.length, macroF1Before: before.macroF1, macroF1After: after.macroF1 }, ip: o.ip ?? null });
    return id;
  });
  return { id, examples: rows.length, verdictExamples: verdictRows.length, before, after, evaluations };
}

/** Activates a model version (null: back to the shipped model); the next classifier load uses it. */
export async function activateModel(store: Store, id: number | null, by: { id: number; username: string }, meta: { now: Date; ip?: string | null }): Promise<void> {
  const now = meta.now.toISOString();
  const previous = (await store.modelVersions.active())?.id ?? null;
  await store.write(async () => {
    await store.modelVersions.activate(id, now);
    await store.audit.append({ at: now, userId: by.id, username: by.username, action: 'model_activate', targetType: 'model', targetId: id ?? 'shipped', detail: { previous }, ip: meta.ip ?? null });
  });
}
