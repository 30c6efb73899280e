import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { evaluatePredictions } from '../../src/classify/metrics.js';
import { loadClassifier } from '../../src/classifier-runtime/load-classifier.js';

// A floor under the shipped classifier's quality on real public text (the development set beside
// the repository, never trained on), so that a rule or model change that loses what was gained
// on real posts fails here. The figures the floors guard are in README and the bench.
const DEV = process.env.KC_EVAL_REAL_PATH || join(process.cwd(), '..', 'shared', 'data', 'realtext', 'dev.jsonl');
const present = existsSync(DEV);
if (!present) console.warn(`real-text quality test skipped: ${DEV} is absent (public data shared beside the repository)`);
const LABELS = ['covid_false', 'union_org', 'grievance'];

describe.skipIf(!present)('quality on real text', () => {
  it('keeps macro-F1 and the false-alarm rate on the real development set', async () => {
    const c = await loadClassifier({ rulesDir: 'rules', onWarning: () => undefined });
    const rows = readFileSync(DEV, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { text: string; title?: string; labels: string[] });
    const predictions = rows.map((r) => ({ gold: r.labels, predicted: c.classify({ text: r.text, title: r.title }).labels.filter((l) => LABELS.includes(l)) }));
    const report = evaluatePredictions(predictions, LABELS);
    const negatives = predictions.filter((p) => p.gold.length === 0);
    const flagged = negatives.filter((p) => p.predicted.length > 0).length / negatives.length;
    expect(report.macroF1).toBeGreaterThanOrEqual(0.84);
    expect(flagged).toBeLessThanOrEqual(0.05);
    for (const l of LABELS) expect(report.labels[l].f1).toBeGreaterThanOrEqual(0.75);
  }, 120_000);
});
