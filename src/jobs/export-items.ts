import { once } from 'node:events';
import type { Writable } from 'node:stream';
import { stringify } from 'csv-stringify/sync';
import type { ItemSummary } from '../storage/item-reads.js';
import type { Store } from '../storage/store.js';

export type ExportFormat = 'jsonl' | 'csv';

/** Export columns. Authors appear only as pseudonyms; the raw handle never leaves the database. */
export const EXPORT_COLUMNS = [
  'id', 'source', 'unit', 'url', 'title', 'text', 'author', 'published_at', 'collected_at', 'status',
  'labels', 'max_score', 'duplicate_count',
] as const;

function exportRecord(it: ItemSummary) {
  return {
    id: it.id,
    source: it.sourceId,
    unit: it.unit,
    url: it.url,
    title: it.title,
    text: it.text,
    author: it.authorPseudonym,
    published_at: it.publishedAt,
    collected_at: it.collectedAt,
    status: it.status,
    labels: it.labels,
    max_score: it.maxScore,
    duplicate_count: it.duplicateCount,
  };
}

/**
 * Spreadsheet apps run a cell that starts with = + - @ (or a tab / CR that hides one) as a
 * formula; a leading apostrophe makes it plain text (OWASP "CSV injection").
 */
export function neutralizeCell(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

async function write(out: Writable, chunk: string): Promise<void> {
  if (!out.write(chunk)) await once(out, 'drain');
}

/** Streams every item to `out` page by page; returns the number of items written. */
export async function exportItems(store: Store, out: Writable, format: ExportFormat): Promise<number> {
  const columns = [...EXPORT_COLUMNS];
  // The BOM makes spreadsheet apps read the file as UTF-8 (Vietnamese text otherwise garbles).
  if (format === 'csv') await write(out, `\uFEFF${stringify([], { header: true, columns })}`);
  let n = 0;
  let page: string[] = [];
  for await (const it of store.items.iterate()) {
    const r = exportRecord(it);
    if (format === 'jsonl') page.push(`${JSON.stringify(r)}\n`);
    else {
      const cells = Object.entries({ ...r, labels: r.labels.join(';') }).map(([k, v]) => [k, typeof v === 'string' ? neutralizeCell(v) : v]);
      page.push(stringify([Object.fromEntries(cells)], { columns }));
    }
    if (++n % 500 === 0) {
      await write(out, page.join(''));
      page = [];
    }
  }
  await write(out, page.join(''));
  return n;
}
