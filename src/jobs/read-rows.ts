import { createReadStream, type ReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { Transform } from 'node:stream';
import { parse } from 'csv-parse';

export type ImportFormat = 'jsonl' | 'csv';
/** A parsed row (still unvalidated) or a row that could not be parsed, with its 1-based line. */
export type RowEvent = { line: number; row: unknown } | { line: number; error: string };

export function formatFromPath(path: string): ImportFormat | null {
  if (/\.(jsonl|ndjson|json)$/i.test(path)) return 'jsonl';
  if (/\.csv$/i.test(path)) return 'csv';
  return null;
}

/** Streams rows from a JSONL or CSV file; memory stays flat whatever the file size. */
export function readRows(path: string, format: ImportFormat): { rows: AsyncIterable<RowEvent>; stream: ReadStream } {
  const stream = createReadStream(path);
  return { stream, rows: format === 'jsonl' ? jsonlRows(stream) : csvRows(stream) };
}

async function* jsonlRows(stream: ReadStream): AsyncGenerator<RowEvent> {
  let line = 0;
  for await (const text of createInterface({ input: stream, crlfDelay: Infinity })) {
    line++;
    const s = line === 1 ? text.replace(/^\uFEFF/, '') : text;
    if (s.trim() === '') continue;
    try {
      yield { line, row: JSON.parse(s) };
    } catch (err) {
      yield { line, error: `invalid JSON: ${(err as Error).message}` };
    }
  }
}

/**
 * csv-parse miscounts lines when a quoted cell contains CRLF, so line ends are made LF first
 * (a CRLF inside a cell becomes LF, which is what text cells should hold anyway).
 */
function crlfToLf(): Transform {
  let pendingCr = false;
  return new Transform({
    transform(chunk: Buffer, _enc, done) {
      let s = chunk.toString('latin1');
      if (pendingCr) s = `\r${s}`;
      pendingCr = s.endsWith('\r');
      if (pendingCr) s = s.slice(0, -1);
      done(null, Buffer.from(s.replace(/\r\n/g, '\n'), 'latin1'));
    },
    flush(done) {
      done(null, pendingCr ? Buffer.from('\r') : null);
    },
  });
}

async function* csvRows(stream: ReadStream): AsyncGenerator<RowEvent> {
  const skipped: RowEvent[] = [];
  let header: string[] | null = null;
  const parser = stream.pipe(crlfToLf()).pipe(
    parse({
      columns: (h: string[]) => {
        header = h.map((c) => c.trim().toLowerCase());
        if (!header.includes('text')) throw new Error(`CSV header has no "text" column (found: ${header.join(', ')})`);
        return header;
      },
      bom: true,
      info: true,
      raw: true,
      skip_empty_lines: true,
      relax_column_count: true,
      relax_quotes: true,
      skip_records_with_error: true,
    }),
  );
  parser.on('skip', (err: Error & { lines?: number }) => skipped.push({ line: err.lines ?? 0, error: `invalid CSV: ${err.message}` }));
  stream.on('error', (err) => parser.destroy(err));
  for await (const rec of parser as AsyncIterable<{ record: Record<string, string>; info: { lines: number }; raw: string }>) {
    while (skipped.length) yield skipped.shift()!;
    // info.lines is the record's LAST line; a quoted cell may span several.
    const body = rec.raw.replace(/^\n+/, '').replace(/\n$/, '');
    const line = rec.info.lines - (body.match(/\n/g)?.length ?? 0);
    yield { line, row: rec.record };
  }
  while (skipped.length) yield skipped.shift()!;
}
