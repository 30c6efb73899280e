import { Worker } from 'node:worker_threads';
import type { TrainInput } from '../classify/train-model.js';
import type { ModelFile } from '../classify/model-schema.js';

/**
 * Trains a model in a worker thread, so a retrain started from the admin UI (seconds to minutes
 * with many reviewer verdicts) never stalls other requests of the same server process.
 */
export function trainOffThread(input: Omit<TrainInput, 'now' | 'streams'>, now: Date): Promise<ModelFile> {
  // Under tsx (TypeScript, no build) a worker does not inherit tsx's loader: a tiny bootstrap
  // registers it before loading the worker module. Built JavaScript needs no loader.
  const ts = import.meta.url.endsWith('.ts');
  const worker = new URL(`./train-worker${ts ? '.ts' : '.js'}`, import.meta.url).href;
  const boot = ts
    ? `import(${JSON.stringify(import.meta.resolve('tsx/esm/api'))}).then((m) => { m.register(); return import(${JSON.stringify(worker)}); })`
    : `import(${JSON.stringify(worker)})`;
  return new Promise((resolve, reject) => {
    const w = new Worker(boot, { eval: true, workerData: { input, nowIso: now.toISOString() } });
    w.once('message', (m: { model?: ModelFile; error?: string }) => {
      if (m.error !== undefined) reject(new Error(m.error));
      else resolve(m.model!);
      void w.terminate();
    });
    w.once('error', reject);
    w.once('exit', (code) => {
      if (code !== 0) reject(new Error(`training worker exited with code ${code}`));
    });
  });
}
