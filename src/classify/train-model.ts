import { countFeatures } from './features.js';
import { trainLogisticRegression } from './logistic-regression.js';
import { MODEL_FORMAT, MODEL_FORMAT_VERSION, type ModelFile, type ModelOptions } from './model-schema.js';
import { smoothIdf, tfidfVector } from './sparse.js';
import { round } from './text-model.js';
import { streamOf, type TokenStream } from './token-stream.js';

export interface TrainingRow {
  text: string;
  title?: string;
  labels: string[];
}

export const DEFAULT_MODEL_OPTIONS: ModelOptions = { c: 10, minDf: 2, maxFeatures: 60_000, positiveWeight: 'balanced', augmentPlain: true };

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
  const counts = streams.map((s) => countFeatures(s));
  const df = new Map<string, number>();
  for (const c of counts) for (const f of c.keys()) df.set(f, (df.get(f) ?? 0) + 1);
  const kept = [...df].filter(([, d]) => d >= options.minDf);
  // Most frequent first when capping, then alphabetical so that the file is reproducible.
  kept.sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  const vocabulary = kept.slice(0, options.maxFeatures).map(([f]) => f).sort();
  const vocab = new Map(vocabulary.map((f, i) => [f, i]));
  const idf = vocabulary.map((f) => round(smoothIdf(rows.length, df.get(f)!), 4));
  const xs = counts.map((c) => tfidfVector(c, vocab, idf));

  const weights: Record<string, number[]> = {};
  const bias: Record<string, number> = {};
  const positives: Record<string, number> = {};
  const iterations: Record<string, number> = {};
  for (const label of labels) {
    const ys = Uint8Array.from(rows, (r) => (r.labels.includes(label) ? 1 : 0));
    positives[label] = input.rows.filter((r) => r.labels.includes(label)).length;
    const fit = trainLogisticRegression(xs, ys, vocabulary.length, { c: options.c, positiveWeight: options.positiveWeight });
    weights[label] = Array.from(fit.weights, (w) => round(w, 5));
    bias[label] = round(fit.bias, 5);
    iterations[label] = fit.iterations;
  }
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
