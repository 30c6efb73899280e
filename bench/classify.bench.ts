// Classifier benchmarks (npm run bench -- classify). Prints JSON lines {"name","value","unit"}.
//  - classify throughput with the shipped rule packs and model on 100k generated posts, and its
//    ratio to a bare normalisation (analyze) pass over the same posts (target >= 0.2)
//  - training time on 10k labelled examples
//  - ReINTEL (../shared/data/reintel): ROC-AUC on test.jsonl after training on train.jsonl, for our
//    model and for natural's BayesClassifier side by side (skipped with a message when absent)
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { BayesClassifier } from 'natural/lib/natural/classifiers/index.js';
import { rocAuc } from '../src/classify/metrics.js';
import { TextModel } from '../src/classify/text-model.js';
import { streamOf } from '../src/classify/token-stream.js';
import { trainModel, type TrainingRow } from '../src/classify/train-model.js';
import { loadClassifier } from '../src/classifier-runtime/load-classifier.js';
import { loadTrainingRows } from '../src/rules-loader/load-training.js';
import { analyze } from '../src/text/index.js';
import { makePost, makeRng } from './foundation-data.js';

const POSTS = Number(process.env.KC_BENCH_CLASSIFY_POSTS ?? 100_000);
const TRAIN_EXAMPLES = 10_000;
const REINTEL = process.env.KC_REINTEL_DIR ?? join(process.cwd(), '..', 'shared', 'data', 'reintel');
const emit = (name: string, value: number, unit: string) => process.stdout.write(`${JSON.stringify({ name, value: Math.round(value * 1000) / 1000, unit })}\n`);
const note = (msg: string) => process.stderr.write(`# ${msg}\n`);

// --- throughput -----------------------------------------------------------------------------
const rnd = makeRng(2024);
const posts = Array.from({ length: POSTS }, () => makePost(rnd));
const chars = posts.reduce((s, p) => s + p.length, 0);
note(`${POSTS} generated posts, ${Math.round(chars / POSTS)} characters on average`);
const classifier = await loadClassifier({ rulesDir: 'rules', onWarning: note });

// The two passes run interleaved in chunks of posts, so that both see the same machine load and
// the same cache state (a machine shared with other work otherwise skews the ratio either way).
const CHUNK = 500;
let flagged = 0;
const classifyOne = (p: string) => {
  if (classifier.classify({ text: p }).labels.length > 0) flagged++;
};
for (let i = 0; i < Math.min(2000, posts.length); i++) {
  analyze(posts[i]);
  classifyOne(posts[i]);
} // warm-up
let analyzeSeconds = 0;
let classifySeconds = 0;
for (let from = 0; from < posts.length; from += CHUNK) {
  const chunk = posts.slice(from, from + CHUNK);
  let t0 = performance.now();
  for (const p of chunk) analyze(p);
  analyzeSeconds += (performance.now() - t0) / 1000;
  t0 = performance.now();
  for (const p of chunk) classifyOne(p);
  classifySeconds += (performance.now() - t0) / 1000;
}
emit('classify.normalise_throughput', POSTS / analyzeSeconds, 'posts/s');
emit('classify.throughput', POSTS / classifySeconds, 'posts/s');
emit('classify.ratio_to_normalise', analyzeSeconds / classifySeconds, 'ratio');
emit('classify.per_post', (classifySeconds * 1e6) / POSTS, 'µs');
note(`${flagged} of ${POSTS + Math.min(2000, POSTS)} classifications flagged a label (generated posts are dense in topic words)`);

// --- training time --------------------------------------------------------------------------
const { rows: base } = await loadTrainingRows([join('rules', 'training')]);
const trainRows: TrainingRow[] = Array.from({ length: TRAIN_EXAMPLES }, (_, i) => {
  const r = base[i % base.length];
  // Same labels, different text each time, so the vocabulary and idf look like a larger corpus.
  return { text: `${r.text} ${makePost(rnd).slice(0, 120)}`, labels: r.labels };
});
{
  const t0 = performance.now();
  const file = trainModel({ rows: trainRows });
  emit('classify.train_10k', (performance.now() - t0) / 1000, 's');
  note(`10k examples: ${file.vocabulary.length} features, labels ${file.labels.join(', ')}, iterations ${JSON.stringify(file.stats.iterations)}`);
}

// --- ReINTEL --------------------------------------------------------------------------------
if (!existsSync(join(REINTEL, 'train.jsonl')) || !existsSync(join(REINTEL, 'test.jsonl'))) {
  note(`skipping ReINTEL: ${REINTEL}/{train,test}.jsonl not found`);
} else {
  const read = (f: string) =>
    readFileSync(join(REINTEL, f), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { text: string; label: number });
  const train = read('train.jsonl');
  const test = read('test.jsonl');
  const positives = test.map((r) => r.label === 1);
  note(`ReINTEL: ${train.length} train rows, ${test.length} test rows`);

  // Ours: TF-IDF over normalised + folded syllable uni/bigrams, logistic regression.
  let t0 = performance.now();
  const file = trainModel({ rows: train.map((r) => ({ text: r.text, labels: r.label === 1 ? ['unreliable'] : [] })), labels: ['unreliable'], options: { c: 3, augmentPlain: false } });
  const ourTrain = (performance.now() - t0) / 1000;
  const model = new TextModel(file);
  const ours = test.map((r) => model.probability('unreliable', model.vectorize(streamOf({ text: r.text }))));
  emit('reintel.tfidf_logreg.auc', rocAuc(ours, positives), 'ROC-AUC');
  emit('reintel.tfidf_logreg.train', ourTrain, 's');

  // Baseline: natural's BayesClassifier on token arrays (raw strings would go through an English
  // stemmer). Its training scans the whole vocabulary per document, so it gets folded unigrams
  // seen in at least 3 training posts, each post's tokens deduplicated.
  const tokens = (text: string) => [...new Set(streamOf({ text }).fold)];
  const trainTokens = train.map((r) => tokens(r.text));
  const df = new Map<string, number>();
  for (const t of trainTokens) for (const w of t) df.set(w, (df.get(w) ?? 0) + 1);
  const keep = (t: string[]) => t.filter((w) => (df.get(w) ?? 0) >= 3);
  t0 = performance.now();
  const bayes = new BayesClassifier();
  train.forEach((r, i) => {
    const t = keep(trainTokens[i]);
    if (t.length > 0) bayes.addDocument(t, String(r.label));
  });
  bayes.train();
  const bayesTrain = (performance.now() - t0) / 1000;
  let underflow = 0;
  const bayesScores = test.map((r) => {
    const cls = bayes.getClassifications(keep(tokens(r.text)));
    const p1 = cls.find((c) => c.label === '1')?.value ?? 0;
    const p0 = cls.find((c) => c.label === '0')?.value ?? 0;
    if (p1 + p0 === 0) {
      underflow++;
      return 0.5; // both probabilities underflowed to 0: no information
    }
    return p1 / (p1 + p0);
  });
  emit('reintel.natural_bayes.auc', rocAuc(bayesScores, positives), 'ROC-AUC');
  emit('reintel.natural_bayes.train', bayesTrain, 's');
  note(`natural BayesClassifier: ${underflow} of ${test.length} test posts underflowed to probability 0 for both classes`);
}
