import { readdir, readFile, writeFile } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import { InvalidArgumentError, type Command } from 'commander';
import { parseDocument } from 'yaml';
import { bestThreshold, calibrate, fitPlatt, reliability, uncalibrate, type Platt, type ScoredRow } from '../classify/calibration.js';
import { crossValidatedScores } from '../classify/cross-validate.js';
import { splitPassages } from '../classify/passages.js';
import { streamOf } from '../classify/token-stream.js';
import { loadClassifier } from '../classifier-runtime/load-classifier.js';
import { loadTrainingRows, trainingRowSchema } from '../rules-loader/load-training.js';
import { LABELS_FILE, loadRules } from '../rules-loader/load-rules.js';
import { readJsonl } from '../rules-loader/read-jsonl.js';
import { rulesDirFrom, withRulesOption, type ClassifierCliOptions } from './classifier-options.js';
import { CliError, printJson } from './common.js';

interface CalibrateOptions extends ClassifierCliOptions {
  folds: number;
  thresholds: 'keep' | 'cv';
  scoreOn: string;
  check?: string;
  write?: boolean;
}

export function register(program: Command): void {
  withRulesOption(
    program
      .command('calibrate')
      .description('fit per-label score calibration and thresholds by cross-validation on the training rows; --write stores them in labels.yaml')
      .option('--folds <n>', 'cross-validation folds', (v) => {
        const n = Number(v);
        if (!Number.isInteger(n) || n < 2 || n > 20) throw new InvalidArgumentError('--folds must be an integer from 2 to 20');
        return n;
      }, 5)
      .option('--score-on <prefixes>', 'comma-separated file-name prefixes of the rows to calibrate on (the others only train)', 'real-,genre-')
      .option('--check <file>', 'a labelled JSON-lines file to report the calibrated figures on (e.g. a real-text development set; never trained on)')
      .option('--thresholds <how>', 'keep: the current decision boundary moved onto the calibrated scale; cv: the best-F1 cut of the cross-validation', (v) => {
        if (v !== 'keep' && v !== 'cv') throw new InvalidArgumentError('--thresholds must be keep or cv');
        return v;
      }, 'keep')
      .option('--write', 'write the calibration and thresholds into labels.yaml'),
  ).action(async (opts: CalibrateOptions) => {
    const rulesDir = rulesDirFrom(opts);
    const trainingDir = join(rulesDir, 'training');
    const prefixes = opts.scoreOn.split(',').map((s) => s.trim()).filter(Boolean);
    const files = (await readdir(trainingDir)).filter((f) => f.endsWith('.jsonl')).sort();
    const rows = [];
    for (const f of files) {
      const scored = prefixes.some((p) => basename(f).startsWith(p));
      for (const r of (await loadTrainingRows([join(trainingDir, f)])).rows) rows.push({ ...r, scored });
    }
    if (!rows.some((r) => r.scored)) throw new CliError(`no training file starts with ${prefixes.join(' or ')} in ${trainingDir}`);
    const rules = await loadRules(rulesDir);
    const t0 = Date.now();
    const cv = crossValidatedScores({
      rows,
      labels: rules.labels,
      packs: rules.packs,
      claims: rules.claims,
      folds: opts.folds,
      onFold: (done, of) => process.stderr.write(`fold ${done}/${of} (${Math.round((Date.now() - t0) / 1000)} s)\n`),
    });
    const fitted: Record<string, { calibration: Platt; threshold: number; cv: ReturnType<typeof bestThreshold>; positives: number; rows: number }> = {};
    for (const [label, scored] of Object.entries(cv)) {
      const positives = scored.filter((r) => r.gold).length;
      if (positives < 5 || positives === scored.length) {
        process.stderr.write(`warning: ${label}: ${positives} positive rows of ${scored.length}: left uncalibrated\n`);
        continue;
      }
      const calibration = fitPlatt(scored);
      const best = bestThreshold(scored, calibration);
      // "keep": the boundary that was checked on real text stays where it is; only the scale changes.
      const current = rules.labels.labels.find((l) => l.id === label)!;
      const keep = calibrate(current.calibration ? uncalibrate(current.threshold, current.calibration) : current.threshold, calibration);
      const threshold = opts.thresholds === 'cv' ? best.threshold : Math.round(keep * 1e4) / 1e4;
      fitted[label] = { calibration, threshold, cv: best, positives, rows: scored.length };
    }
    const check = opts.check ? await checkOn(resolve(opts.check), rulesDir, fitted) : undefined;
    if (opts.write) await writeCalibration(join(rulesDir, LABELS_FILE), fitted);
    printJson({ folds: opts.folds, scoredOn: prefixes, labels: fitted, ...(check && { check }), written: Boolean(opts.write) });
  });
}

/** Figures on a labelled file with the shipped model and the fitted curves: reliability per band, P/R/F1 at the thresholds. */
async function checkOn(path: string, rulesDir: string, fitted: Record<string, { calibration: Platt; threshold: number }>) {
  const rows = await readJsonl(path, trainingRowSchema).catch((err: Error) => {
    throw new CliError(`${path}: ${err.message}`);
  });
  const classifier = await loadClassifier({ rulesDir, onWarning: () => undefined });
  const raw = new Map<string, ScoredRow[]>();
  for (const r of rows) {
    const { breakdown } = classifier.classifyStream(streamOf(r), splitPassages(r.text), false);
    for (const b of breakdown) {
      if (!fitted[b.label]) continue;
      if (!raw.has(b.label)) raw.set(b.label, []);
      raw.get(b.label)!.push({ score: b.score, gold: r.labels.includes(b.label) });
    }
  }
  const out: Record<string, unknown> = {};
  for (const [label, scored] of raw) {
    const f = fitted[label];
    const at = scored.map((s) => ({ ...s, s: calibrate(s.score, f.calibration) }));
    const tp = at.filter((x) => x.gold && x.s >= f.threshold).length;
    const fp = at.filter((x) => !x.gold && x.s >= f.threshold).length;
    const fn = at.filter((x) => x.gold && x.s < f.threshold).length;
    const precision = tp + fp ? tp / (tp + fp) : 0;
    const recall = tp + fn ? tp / (tp + fn) : 0;
    out[label] = { precision, recall, f1: precision + recall ? (2 * precision * recall) / (precision + recall) : 0, reliability: reliability(scored, f.calibration) };
  }
  return { file: path, rows: rows.length, labels: out };
}

/** Rewrites only the calibration and threshold of each fitted label, keeping the file's comments. */
async function writeCalibration(path: string, fitted: Record<string, { calibration: Platt; threshold: number }>): Promise<void> {
  const doc = parseDocument(await readFile(path, 'utf8'));
  const labels = doc.get('labels') as { items: { get(k: string): unknown; set(k: string, v: unknown): void }[] };
  for (const item of labels.items) {
    const f = fitted[String(item.get('id'))];
    if (!f) continue;
    item.set('threshold', Math.round(f.threshold * 1000) / 1000);
    item.set('calibration', doc.createNode({ a: f.calibration.a, b: f.calibration.b }, { flow: true }));
  }
  await writeFile(path, doc.toString());
}
