import { statSync } from 'node:fs';
import type { Store } from '../storage/store.js';
import type { RawItem } from '../types.js';
import { toRawItem } from './import-row.js';
import { ingest, type IngestOptions } from './ingest.js';
import { formatFromPath, readRows, type ImportFormat } from './read-rows.js';

export interface ImportProgress {
  bytes: number;
  totalBytes: number;
  rows: number;
}

export interface ImportOptions extends IngestOptions {
  /** Defaults to the file extension (.jsonl/.ndjson/.json or .csv). */
  format?: ImportFormat;
  onProgress?: (p: ImportProgress) => void;
  /** Called after each committed batch with the running totals (used to report progress of long imports). */
  onBatch?: (report: ImportReport) => void;
}

export interface ImportReport {
  imported: number;
  duplicates: number;
  /** Rows skipped because their author or URL was erased on request (present only when some were). */
  suppressed?: number;
  /** New items stored unclassified because the classifier failed on them (present only when some were). */
  unclassified?: number;
  rejected: Array<{ line: number; error: string }>;
}

/**
 * Imports a JSONL or CSV file of `{text, title?, url?, author?, published_at?, source?, unit?}`
 * rows. The file is streamed and stored batch by batch (each batch one transaction, so an
 * interrupted import keeps every finished batch). Bad rows are collected with their line number
 * and never stop the good ones.
 */
export async function importFile(store: Store, path: string, options: ImportOptions): Promise<ImportReport> {
  const format = options.format ?? formatFromPath(path);
  if (!format) throw new Error(`cannot tell the format of ${path} from its name; pass --format jsonl or --format csv`);
  const totalBytes = statSync(path).size;
  const batchSize = options.batchSize ?? 1000;
  const report: ImportReport = { imported: 0, duplicates: 0, rejected: [] };
  const { rows, stream } = readRows(path, format);
  let batch: RawItem[] = [];
  let seen = 0;

  // One batch is stored while the next is read and validated; at most two are held in memory.
  let inFlight: Promise<void> | null = null;
  const flush = async () => {
    if (batch.length === 0) return;
    // Batch k+1 is prepared while batch k is stored, but committed after it (ids follow the file).
    const stored = ingest(store, batch, { ...options, batchSize, storeAfter: inFlight ?? undefined }).then((r) => {
      report.imported += r.imported;
      report.duplicates += r.duplicates;
      if (r.suppressed > 0) report.suppressed = (report.suppressed ?? 0) + r.suppressed;
      if (r.unclassified > 0) report.unclassified = (report.unclassified ?? 0) + r.unclassified;
      options.onBatch?.(report);
    });
    stored.catch(() => undefined); // awaited below
    batch = [];
    if (inFlight) await inFlight;
    inFlight = stored;
  };

  for await (const ev of rows) {
    seen++;
    if ('error' in ev) report.rejected.push({ line: ev.line, error: ev.error });
    else {
      const r = toRawItem(ev.row);
      if (r.ok) batch.push(r.item);
      else report.rejected.push({ line: ev.line, error: r.error });
    }
    if (batch.length >= batchSize) await flush();
    if (seen % 500 === 0) options.onProgress?.({ bytes: stream.bytesRead, totalBytes, rows: seen });
  }
  await flush();
  if (inFlight) await inFlight;
  options.onProgress?.({ bytes: totalBytes, totalBytes, rows: seen });
  return report;
}
