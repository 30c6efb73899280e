import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { ParseError } from '../fetch/errors.js';
import type { DocumentJob, DocumentResult } from './document-job.js';

/** Default time one document may take to parse; crawled pages are capped at 5 MB and parse in well under a second. */
export const DEFAULT_DOCUMENT_BUDGET_MS = 15_000;

/** A document took longer than its budget and its worker was terminated. Not retried: it would only do it again. */
export class DocumentBudgetError extends ParseError {
  constructor(readonly budgetMs: number, url: string) {
    super(`extracting ${url} took longer than ${budgetMs} ms and was stopped (the page is too large or too deeply nested to read)`, url);
  }
}

const THREAD_URL = new URL('./document-worker-thread.ts', import.meta.url).href;
const TSX_API_URL = ((): string => {
  // tsx's ESM API (its `import` export), located from its package.json so it works in any host.
  const require = createRequire(import.meta.url);
  const pkg = require.resolve('tsx/package.json');
  const entry = (require(pkg) as { exports: Record<string, { import: { default: string } }> }).exports['./esm/api'].import.default;
  return new URL(entry, pathToFileURL(pkg)).href;
})();
// The worker loads the TypeScript entry. A process started by tsx passes its loader on to workers
// (execArgv); one that was not (vitest, a plain node) registers tsx in the worker first.
const BOOT = `
const { workerData } = require('node:worker_threads');
(async () => {
  try {
    await import(workerData.thread);
  } catch (err) {
    if (err?.code !== 'ERR_UNKNOWN_FILE_EXTENSION') throw err;
    const tsx = await import(workerData.tsx);
    (tsx.register ?? tsx.default.register)();
    // A new URL: the failed import above stays cached under the old one.
    await import(workerData.thread + '?tsx');
  }
})().catch((err) => { setImmediate(() => { throw err; }); });
`;

interface Pending {
  job: DocumentJob;
  signal?: AbortSignal;
  resolve: (r: DocumentResult) => void;
  reject: (e: unknown) => void;
}

type Reply = { ready: true } | { id: number; ok: true; result: DocumentResult } | { id: number; ok: false; error: { name: string; message: string; url: string } };

/**
 * Parses fetched documents in a worker thread, one at a time, so a hostile page never blocks the
 * event loop of the process that crawls (`serve` crawls in the web process). Each document gets
 * a time budget; over it, the worker is terminated (no cooperative check needed from the parser),
 * the document fails with a DocumentBudgetError and the next one starts a fresh worker.
 */
export class DocumentWorker {
  private worker?: Worker;
  private ready?: Promise<Worker>;
  private readonly queue: Pending[] = [];
  private running = false;
  private nextId = 1;

  /** Milliseconds one document may take, from the moment the worker receives it. */
  budgetMs: number;

  constructor(readonly options: { budgetMs?: number; maxHeapMb?: number } = {}) {
    this.budgetMs = options.budgetMs ?? DEFAULT_DOCUMENT_BUDGET_MS;
  }

  run(job: DocumentJob, signal?: AbortSignal): Promise<DocumentResult> {
    return new Promise((resolve, reject) => {
      this.queue.push({ job, signal, resolve, reject });
      void this.pump();
    });
  }

  /**
   * Boots the thread ahead of the first document (loading the parser takes about a second, which
   * the first page of a crawl would otherwise wait out), then lets it idle without keeping the
   * process alive. A thread that fails to start is reported by the first job instead.
   */
  async warm(): Promise<void> {
    try {
      const worker = await this.start();
      if (!this.running) worker.unref();
    } catch {
      // runOne starts a fresh thread and reports its failure with the document it was for.
    }
  }

  private start(): Promise<Worker> {
    if (this.ready) return this.ready;
    const worker = new Worker(BOOT, {
      eval: true,
      workerData: { thread: THREAD_URL, tsx: TSX_API_URL },
      // A memory bomb ends the worker (ERR_WORKER_OUT_OF_MEMORY), not the process.
      resourceLimits: { maxOldGenerationSizeMb: this.options.maxHeapMb ?? 512 },
    });
    this.worker = worker;
    // Permanent: a worker that dies while idle is replaced on the next job, and never takes the
    // process down with an unhandled 'error' event.
    worker.on('error', () => this.discard(worker));
    worker.on('exit', () => this.discard(worker));
    this.ready = new Promise<Worker>((resolve, reject) => {
      const onMessage = (m: Reply) => {
        if ('ready' in m) {
          worker.off('message', onMessage);
          worker.off('error', reject);
          worker.off('exit', onExit);
          resolve(worker);
        }
      };
      const onExit = (code: number) => reject(new Error(`document worker exited with code ${code} while starting`));
      worker.on('message', onMessage);
      worker.once('error', reject);
      worker.once('exit', onExit);
    });
    this.ready.catch(() => this.discard(worker));
    return this.ready;
  }

  private discard(worker: Worker): void {
    if (this.worker === worker) {
      this.worker = undefined;
      this.ready = undefined;
    }
    void worker.terminate().catch(() => undefined);
  }

  private async pump(): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
      for (let p = this.queue.shift(); p; p = this.queue.shift()) {
        try {
          p.resolve(await this.runOne(p));
        } catch (err) {
          p.reject(err);
        }
      }
    } finally {
      this.running = false;
      // Idle: the worker must not keep a finished CLI run alive.
      this.worker?.unref();
    }
  }

  private async runOne(p: Pending): Promise<DocumentResult> {
    p.signal?.throwIfAborted();
    let worker: Worker;
    try {
      worker = await this.start();
    } catch (err) {
      throw new ParseError(`could not start the document worker: ${(err as Error).message}`, p.job.pageUrl, { cause: err });
    }
    // Busy: keep the process alive until the answer comes (an unref'd wait would let it exit).
    worker.ref();
    const id = this.nextId++;
    return new Promise<DocumentResult>((resolve, reject) => {
      const done = () => {
        clearTimeout(timer);
        worker.off('message', onMessage);
        worker.off('error', onError);
        worker.off('exit', onExit);
        p.signal?.removeEventListener('abort', onAbort);
      };
      const fail = (err: unknown) => {
        done();
        this.discard(worker);
        reject(err);
      };
      const onMessage = (m: Reply) => {
        if ('ready' in m || m.id !== id) return;
        done();
        if (m.ok) return resolve(m.result);
        // The adapters' own errors (ParseError: not JSON, not a feed) keep their class for the caller.
        reject(m.error.name === 'ParseError' ? new ParseError(m.error.message, m.error.url) : new Error(m.error.message));
      };
      const onError = (err: Error) => fail(new ParseError(`extracting ${p.job.pageUrl} failed: ${err.message}`, p.job.pageUrl, { cause: err }));
      const onExit = (code: number) => fail(new ParseError(`the document worker stopped (exit code ${code}) while extracting ${p.job.pageUrl}`, p.job.pageUrl));
      const onAbort = () => fail(p.signal!.reason);
      const budgetMs = this.budgetMs;
      const timer = setTimeout(() => fail(new DocumentBudgetError(budgetMs, p.job.pageUrl)), budgetMs);
      worker.on('message', onMessage);
      worker.once('error', onError);
      worker.once('exit', onExit);
      p.signal?.addEventListener('abort', onAbort, { once: true });
      worker.postMessage({ id, job: p.job });
    });
  }

  async close(): Promise<void> {
    const w = this.worker;
    this.worker = undefined;
    this.ready = undefined;
    if (w) await w.terminate();
  }
}

let shared: DocumentWorker | undefined;

/** The adapter context's worker, or the process-wide one. */
export function documentWorker(ctx: { documents?: DocumentWorker }): DocumentWorker {
  return ctx.documents ?? (shared ??= new DocumentWorker());
}
