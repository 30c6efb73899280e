import { createReadStream, type ReadStream } from 'node:fs';
import { Transform } from 'node:stream';
import { parse } from 'csv-parse';

/**
 * Size limits of one import row (issue 14, finding 11: one 21 MB JSONL row took 27.7 s and 2.6 GB
 * of memory). A post is a few KB; 200,000 characters is a long article. A row longer than
 * MAX_ROW_BYTES is never held in memory beyond that: it is rejected with its line number.
 */
export const MAX_ROW_BYTES = 1024 * 1024;
export const MAX_TEXT_CHARS = 200_000;
const TOO_BIG = `row is larger than 1 MB (${MAX_ROW_BYTES} bytes)`;

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

/**
 * Lines of a byte stream, each at most `max` bytes; a longer line is `null` (its bytes are dropped
 * as they arrive, up to the next newline). readline would buffer a line of any length.
 */
async function* boundedLines(stream: AsyncIterable<Buffer>, max: number): AsyncGenerator<string | null> {
  let parts: Buffer[] = [];
  let size = 0;
  let oversized = false;
  const finish = (): string | null => {
    const buf = Buffer.concat(parts);
    parts = [];
    size = 0;
    const end = buf.length > 0 && buf[buf.length - 1] === 0x0d ? buf.length - 1 : buf.length;
    return buf.toString('utf8', 0, end);
  };
  for await (const chunk of stream) {
    let from = 0;
    while (from < chunk.length) {
      const nl = chunk.indexOf(0x0a, from);
      const to = nl < 0 ? chunk.length : nl;
      if (!oversized) {
        size += to - from;
        if (size > max + 1) { // + 1: a CR before the newline
          oversized = true;
          parts = [];
        } else parts.push(chunk.subarray(from, to));
      }
      if (nl < 0) break;
      yield oversized ? null : finish();
      oversized = false;
      parts = [];
      size = 0;
      from = nl + 1;
    }
  }
  if (oversized) yield null;
  else if (size > 0) yield finish();
}

async function* jsonlRows(stream: ReadStream): AsyncGenerator<RowEvent> {
  let line = 0;
  for await (const text of boundedLines(stream, MAX_ROW_BYTES)) {
    line++;
    if (text === null) {
      yield { line, error: TOO_BIG };
      continue;
    }
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
  const lf = crlfToLf();
  let stopped = false;
  const parser = stream.pipe(lf).pipe(
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
      // In characters; csv-parse cannot resync after this error and ends: say so.
      max_record_size: MAX_ROW_BYTES,
    }),
  );
  parser.on('skip', (err: Error & { lines?: number; code?: string }) => {
    if (stopped) return;
    if (err.code !== 'CSV_MAX_RECORD_SIZE') return void skipped.push({ line: err.lines ?? 0, error: `invalid CSV: ${err.message}` });
    // csv-parse cannot find the next record after this error: stop reading, and say so.
    stopped = true;
    skipped.push({ line: err.lines ?? 0, error: `${TOO_BIG}; the rows after it were not read (split the file there)` });
    stream.unpipe(lf);
    stream.destroy();
    lf.end();
  });
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
