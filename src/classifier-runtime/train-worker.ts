// Worker-thread body for train-off-thread.ts: trains one model and posts the file back. Pure
// computation: no file, network or database access.
import { parentPort, workerData } from 'node:worker_threads';
import { trainModel, type TrainInput } from '../classify/train-model.js';

const { input, nowIso } = workerData as { input: Omit<TrainInput, 'now' | 'streams'>; nowIso: string };
try {
  parentPort!.postMessage({ model: trainModel({ ...input, now: () => new Date(nowIso) }) });
} catch (err) {
  parentPort!.postMessage({ error: err instanceof Error ? err.message : String(err) });
}
