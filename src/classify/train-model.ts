import { FeatureInterner } from './features.js';
import { trainLogisticRegressions } from './logistic-regression.js';
import { MODEL_FORMAT, MODEL_FORMAT_VERSION, type ModelFile, type ModelOptions } from './model-schema.js';
import { smoothIdf, type SparseVector } from './sparse.js';
import { round } from './text-model.js';
import { streamOf, type TokenStream } from './token-stream.js';

export interface TrainingRow {
  text: string;
  title?: string;
  labels: string[];
}

export const DEFAULT_MODEL_OPTIONS: ModelOptions = { c: 10, minDf: 2, maxFeatures: 60_000, positiveWeight: 'balanced', augmentPlain: true, normBigrams: false };

export interface TrainInput {
  rows: TrainingRow[];
  /** Labels to learn; default every label found in the rows. */
  labels?: string[];
  options?: Partial<ModelOptions>;
  /** Where the rows came from (file names), recorded in the model's stats. */
  sources?: string[];
  now?: () => Date;
  /** Precomputed token streams, parallel to rows (saves re-analysing in cross-validation). */
  streams?: TokenStream[];
}

/** Trains one logistic regression per label over shared TF-IDF features. */
export function trainModel(input: TrainInput): ModelFile {
  const t0 = performance.now();
  const options = { ...DEFAULT_MODEL_OPTIONS, ...input.options };
  if (input.rows.length === 0) throw new Error('no training examples');
  const labels = input.labels ?? [...new Set(input.rows.flatMap((r) => r.labels))].sort();
  if (labels.length === 0) throw new Error('the training examples carry no labels');

  const rows = [...input.rows];
  const streams = input.rows.map((r, i) => input.streams?.[i] ?? streamOf(r));
  if (options.augmentPlain) {
    input.rows.forEach((r, i) => {
      if (!streams[i].norm.some((n, j) => n !== streams[i].fold[j])) return; // already plain
      rows.push(r);
      streams.push(streamOf({ text: stripDiacritics(r.text), title: r.title && stripDiacritics(r.title) }));
    });
  }
  // Features get ids as they are first seen (a deterministic order for the same rows); each
  // document keeps typed arrays of (id, count) rather than a map.
  const interner = new FeatureInterner();
  const names = interner.names;
  const df: number[] = [];
  const scratch: number[] = [];
  const docs = streams.map((stream) => {
    const touched: number[] = [];
    interner.each(stream, options, (id) => {
      while (scratch.length <= id) {
        scratch.push(0);
        df.push(0);
      }
      if (scratch[id]++ === 0) touched.push(id);
    });
    const doc = { ids: Int32Array.from(touched), tf: Float64Array.from(touched, (id) => scratch[id]) };
    for (const id of touched) {
      df[id]++;
      scratch[id] = 0;
    }
    return doc;
  });
  let kept: number[] = [];
  for (let id = 0; id < df.length; id++) if (df[id] >= options.minDf) kept.push(id);
  // When capping, the most frequent win; the stable sort keeps first-seen order among equals.
  if (kept.length > options.maxFeatures) kept = kept.sort((a, b) => df[b] - df[a]).slice(0, options.maxFeatures);
  const column = new Int32Array(names.length).fill(-1);
  kept.forEach((id, j) => (column[id] = j));
  const vocabulary = kept.map((id) => names[id]);
  const idf = kept.map((id) => round(smoothIdf(rows.length, df[id]), 4));
  const xs: SparseVector[] = docs.map(({ ids: docIds, tf }) => {
    const idx: number[] = [];
    const val: number[] = [];
    let norm = 0;
    for (let k = 0; k < docIds.length; k++) {
      const j = column[docIds[k]];
      if (j < 0) continue;
      const w = (1 + Math.log(tf[k])) * idf[j];
      idx.push(j);
      val.push(w);
      norm += w * w;
    }
    norm = Math.sqrt(norm) || 1;
    return { idx: Int32Array.from(idx), val: Float64Array.from(val, (w) => w / norm) };
  });

  const weights: Record<string, number[]> = {};
  const bias: Record<string, number> = {};
  const positives: Record<string, number> = {};
  const iterations: Record<string, number> = {};
  const targets = labels.map((label) => Uint8Array.from(rows, (r) => (r.labels.includes(label) ? 1 : 0)));
  const fits = trainLogisticRegressions(xs, targets, vocabulary.length, { c: options.c, positiveWeight: options.positiveWeight });
  labels.forEach((label, l) => {
    positives[label] = input.rows.filter((r) => r.labels.includes(label)).length;
    weights[label] = Array.from(fits[l].weights, (w) => round(w, 5));
    bias[label] = round(fits[l].bias, 5);
    iterations[label] = fits[l].iterations;
  });
  return {
    format: MODEL_FORMAT,
    formatVersion: MODEL_FORMAT_VERSION,
    labels,
    options,
    documents: rows.length,
    vocabulary,
    idf,
    weights,
    bias,
    trainedAt: (input.now?.() ?? new Date()).toISOString(),
    stats: {
      examples: input.rows.length,
      positives,
      vocabularySize: vocabulary.length,
      trainingMs: Math.round(performance.now() - t0),
      iterations,
      sources: input.sources ?? [],
    },
  };
}

/** What a writer without a Vietnamese keyboard produces: no tone marks, no modifiers, đ → d. */
export function stripDiacritics(text: string): string {
  return text.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/đ/g, 'd').replace(/Đ/g, 'D').normalize('NFC');
}
