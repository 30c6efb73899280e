import type { Claim } from './claim-schema.js';
import { HybridClassifier } from './hybrid-classifier.js';
import { splitPassages } from './passages.js';
import type { LoadedPack } from './rule-engine.js';
import type { LabelsConfig } from './rule-schema.js';
import { TextModel } from './text-model.js';
import { streamOf } from './token-stream.js';
import { trainModel, type TrainingRow } from './train-model.js';
import type { ScoredRow } from './calibration.js';

export interface CrossValidationInput {
  rows: (TrainingRow & { /** Scored for calibration; the others only train. */ scored: boolean })[];
  labels: LabelsConfig;
  packs: LoadedPack[];
  claims: { file: string; claim: Claim }[];
  folds?: number;
  /** Called after each fold (progress for long runs). */
  onFold?: (done: number, of: number) => void;
}

/**
 * k-fold cross-validation of the whole classifier (rules + a model trained without the fold +
 * known claims): every scored row gets the uncalibrated score it would get from a model that
 * never saw it. Folds are assigned round-robin in row order, so rows of one file spread evenly.
 */
export function crossValidatedScores(input: CrossValidationInput): Record<string, ScoredRow[]> {
  const folds = input.folds ?? 5;
  const labels = input.labels;
  const out: Record<string, ScoredRow[]> = Object.fromEntries(labels.labels.map((l) => [l.id, []]));
  for (let k = 0; k < folds; k++) {
    const train = input.rows.filter((_, i) => i % folds !== k);
    const test = input.rows.filter((r, i) => i % folds === k && r.scored);
    const model = new TextModel(trainModel({ rows: train, labels: labels.labels.map((l) => l.id) }));
    const classifier = new HybridClassifier({ labels, packs: input.packs, claims: input.claims, model, version: `cv-${k}` });
    for (const r of test) {
      // Scores before any existing calibration: that is what a new curve is fitted to.
      const { breakdown } = classifier.classifyStream(streamOf(r), splitPassages(r.text), false);
      for (const b of breakdown) out[b.label]?.push({ score: b.score, gold: r.labels.includes(b.label) });
    }
    input.onFold?.(k + 1, folds);
  }
  return out;
}
