// Entry of the document worker thread (see document-worker.ts): parses one document per message.
import { parentPort } from 'node:worker_threads';
import { CrawlError } from '../fetch/errors.js';
import { runDocumentJob, type DocumentJob } from './document-job.js';

const port = parentPort!;
port.on('message', (msg: { id: number; job: DocumentJob }) => {
  try {
    port.postMessage({ id: msg.id, ok: true, result: runDocumentJob(msg.job) });
  } catch (err) {
    const e = err instanceof Error ? err : new Error(String(err));
    port.postMessage({ id: msg.id, ok: false, error: { name: e.name, message: e.message, url: err instanceof CrawlError ? err.url : msg.job.pageUrl } });
  }
});
port.postMessage({ ready: true });
