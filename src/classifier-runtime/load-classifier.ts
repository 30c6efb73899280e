import { createHash } from 'node:crypto';
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { HybridClassifier } from '../classify/hybrid-classifier.js';
import type { ModelFile } from '../classify/model-schema.js';
import { TextModel } from '../classify/text-model.js';
import { trainModel } from '../classify/train-model.js';
import { loadModelFile } from '../rules-loader/load-model.js';
import { loadRules } from '../rules-loader/load-rules.js';
import { loadTrainingRows } from '../rules-loader/load-training.js';
import { applyRuleOverrides, type RuleOverride } from './apply-overrides.js';

export interface LoadClassifierOptions {
  rulesDir: string;
  /** A model file; default `<rulesDir>/<labels.yaml model.file>`. An explicit path must exist. */
  modelPath?: string;
  /** Told when the classifier runs in a degraded or unusual mode (no model file, …). */
  onWarning?: (message: string) => void;
  /** Rule edits stored by the admin UI, applied over the shipped packs (see src/admin). */
  overrides?: RuleOverride[];
}

/**
 * Loads rules, known claims and the model into a ready classifier. When the shipped model file is
 * missing it trains one in memory from `<rulesDir>/training/*.jsonl`; without training data the
 * classifier runs on rules and known claims alone (and says so).
 */
export async function loadClassifier(options: LoadClassifierOptions): Promise<HybridClassifier> {
  const warn = options.onWarning ?? ((m: string) => process.stderr.write(`warning: ${m}\n`));
  const rules = await loadRules(options.rulesDir);
  const modelPath = options.modelPath ?? join(options.rulesDir, rules.labels.model.file);
  let file: ModelFile | undefined = await loadModelFile(modelPath);
  if (!file && options.modelPath) throw new Error(`${modelPath}: model file not found`);
  if (!file) {
    const trainingDir = join(options.rulesDir, 'training');
    const hasTraining = await stat(trainingDir).then((s) => s.isDirectory(), () => false);
    const { rows, files } = hasTraining ? await loadTrainingRows([trainingDir]) : { rows: [], files: [] };
    if (rows.length > 0 && rows.some((r) => r.labels.length > 0)) {
      warn(`${modelPath} not found: training a model in memory from ${files.length} file(s) in ${trainingDir}`);
      file = trainModel({ rows, sources: files });
    } else {
      warn(`${modelPath} not found and no training data in ${trainingDir}: classifying with rules and known claims only`);
    }
  }
  const modelId = file
    ? createHash('sha256').update(`${file.trainedAt}\0${file.labels.join(',')}\0${file.documents}\0${file.vocabulary.length}`).digest('hex').slice(0, 8)
    : 'none';
  return new HybridClassifier({
    labels: rules.labels,
    packs: options.overrides?.length ? applyRuleOverrides(rules.packs, options.overrides) : rules.packs,
    claims: rules.claims,
    model: file ? new TextModel(file) : undefined,
    version: `rules-${rules.hash}${overridesTag(options.overrides)}+model-${modelId}`,
  });
}

/** Overrides change what the rules do, so they are part of the classifier version. */
function overridesTag(overrides: RuleOverride[] | undefined): string {
  if (!overrides?.length) return '';
  return `-o${createHash('sha256').update(JSON.stringify(overrides)).digest('hex').slice(0, 8)}`;
}
