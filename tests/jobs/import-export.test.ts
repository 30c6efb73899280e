import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { parse } from 'csv-parse/sync';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { exportItems, neutralizeCell } from '../../src/jobs/export-items.js';
import { importFile } from '../../src/jobs/import-file.js';
import type { Store } from '../../src/storage/store.js';
import { nullClassifier, SECRET, tempStore } from '../helpers/foundation.js';

let store: Store;
let dir: string;
beforeEach(async () => {
  ({ store, dir } = await tempStore());
});
afterEach(async () => {
  await store.close();
});

const opts = { classifier: nullClassifier, secret: SECRET };
function file(name: string, content: string): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}
async function exported(format: 'jsonl' | 'csv'): Promise<string> {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (c: Buffer) => chunks.push(c));
  await exportItems(store, out, format);
  return Buffer.concat(chunks).toString('utf8');
}

const story = 'Công nhân xưởng 3 phản ánh công ty chậm trả lương tháng 2, tiền tăng ca cũng chưa được tính đúng.';

describe('import: bad rows are reported with their line and never stop the good ones', () => {
  it('JSONL', async () => {
    const path = file(
      'rows.jsonl',
      [
        JSON.stringify({ text: 'Dòng tốt số một về công đoàn cơ sở', author: 'Lê Văn Tư', published_at: '2025-03-01' }),
        '{"text": "thiếu ngoặc"',
        JSON.stringify({ title: 'không có nội dung' }),
        '',
        JSON.stringify({ text: 42 }),
        JSON.stringify({ text: 'ngày sai', published_at: '31/02/2025' }),
        JSON.stringify({ text: 'url sai', url: 'javascript:alert(1)' }),
        '[1, 2]',
        JSON.stringify({ text: 'Dòng tốt số hai', published_at: '05/03/2025 14:30', source: 'forum-x', unit: 'CĐ KCN' }),
      ].join('\n'),
    );
    const r = await importFile(store, path, opts);
    expect(r.imported).toBe(2);
    expect(r.rejected.map((x) => x.line)).toEqual([2, 3, 5, 6, 7, 8]);
    expect(r.rejected[0].error).toMatch(/invalid JSON/);
    expect(r.rejected[1].error).toBe('text: required');
    expect(r.rejected[2].error).toBe('text: must be a string');
    expect(r.rejected[3].error).toMatch(/^published_at: "31\/02\/2025" is not a date/);
    expect(r.rejected[4].error).toMatch(/^url: /);
    expect(r.rejected[5].error).toBe('expected a JSON object');
    const [second] = await store.items.list({ limit: 1 });
    expect(second).toMatchObject({ sourceId: 'forum-x', unit: 'CĐ KCN', publishedAt: '2025-03-05T07:30:00.000Z' });
  });

  it('CSV with a BOM, CRLF line ends, a quoted cell spanning lines, a stray quote and a missing text', async () => {
    const path = file(
      'rows.csv',
      '\uFEFFText,Title,URL,published_at\r\n' +
        '"Dòng một, có dấu phẩy",Tiêu đề,https://a.example/1,2025-03-01\r\n' +
        '"Dòng hai\r\nnhiều dòng",,,\r\n' +
        ',chỉ có tiêu đề,,\r\n' +
        'Dòng năm "trích dẫn" giữa ô,,,not-a-date\r\n' +
        'Dòng sáu,,,\r\n',
    );
    const r = await importFile(store, path, opts);
    expect(r.rejected).toEqual([
      { line: 5, error: 'text: required' },
      { line: 6, error: expect.stringMatching(/^published_at: "not-a-date" is not a date/) },
    ]);
    expect(r.imported).toBe(3);
    const texts = (await store.items.list()).map((i) => i.text);
    expect(texts).toContain('Dòng hai\nnhiều dòng');
  });

  it('refuses a CSV without a text column, naming what it found', async () => {
    const path = file('bad.csv', 'body,title\nx,y\n');
    await expect(importFile(store, path, opts)).rejects.toThrow(/no "text" column \(found: body, title\)/);
  });

  it('needs a known format', async () => {
    await expect(importFile(store, file('rows.txt', '{"text":"x"}'), opts)).rejects.toThrow(/--format/);
    expect((await importFile(store, file('rows.txt', '{"text":"x"}'), { ...opts, format: 'jsonl' })).imported).toBe(1);
  });
});

describe('import: duplicates', () => {
  it('counts NFC/NFD copies and tracking-parameter URLs as duplicates, linked to the first copy', async () => {
    const path = file(
      'dups.jsonl',
      [
        { text: story, url: 'https://tin.example/bai-1.html' },
        { text: story.normalize('NFD') },
        { text: 'Bản tin khác hẳn nhưng cùng đường dẫn', url: 'https://www.tin.example/bai-1.html?utm_source=zalo&fbclid=AbC#top' },
        { text: 'Một bài hoàn toàn khác về an toàn lao động' },
      ]
        .map((r) => JSON.stringify(r))
        .join('\n'),
    );
    const r = await importFile(store, path, opts);
    expect(r).toEqual({ imported: 2, duplicates: 2, rejected: [] });
    const first = (await store.items.list()).find((i) => i.url === 'https://tin.example/bai-1.html')!;
    expect(first.duplicateCount).toBe(2);
    expect((await store.items.sightings(first.id)).map((s) => s.kind)).toEqual(['exact', 'url']);
    // importing the same file again adds nothing new
    expect(await importFile(store, path, opts)).toEqual({ imported: 0, duplicates: 4, rejected: [] });
  });
});

describe('export', () => {
  beforeEach(async () => {
    const path = file(
      'in.jsonl',
      [
        { text: story, author: 'Nguyễn Thị Bông', url: 'https://tin.example/1' },
        { text: '=HYPERLINK("http://evil.example","bấm vào")', title: '+84 912 345 678', author: '@hacker' },
        { text: '-2+3 là bao nhiêu', title: '@SUM(A1)' },
        { text: '\tẩn công thức' },
        { text: '\rcũng ẩn' },
      ]
        .map((r) => JSON.stringify(r))
        .join('\n'),
    );
    await importFile(store, path, opts);
  });

  it('JSONL: every item, authors only as pseudonyms', async () => {
    const out = await exported('jsonl');
    const rows = out.trim().split('\n').map((l) => JSON.parse(l));
    expect(rows).toHaveLength(5);
    expect(rows[0]).toMatchObject({ id: 1, text: story, source: 'import', url: 'https://tin.example/1', labels: [], status: 'new' });
    expect(rows[0].author).toMatch(/^tg-[0-9a-f]{8}$/);
    expect(out).not.toContain('Bông');
    expect(out).not.toContain('hacker');
  });

  it('CSV: no raw author, and cells that a spreadsheet would run as formulas are neutralised', async () => {
    const out = await exported('csv');
    expect(out.startsWith('\uFEFFid,source,unit,url,title,text,author')).toBe(true);
    expect(out).not.toContain('Bông');
    expect(out).not.toContain('hacker');
    const rows = parse(out, { columns: true, bom: true, relax_quotes: true }) as Record<string, string>[];
    expect(rows).toHaveLength(5);
    expect(rows[1].text).toBe(`'=HYPERLINK("http://evil.example","bấm vào")`);
    expect(rows[1].title).toBe(`'+84 912 345 678`);
    expect(rows[2].text).toBe(`'-2+3 là bao nhiêu`);
    expect(rows[2].title).toBe(`'@SUM(A1)`);
    expect(rows[3].text).toBe(`'\tẩn công thức`);
    expect(rows[4].text).toBe(`'\rcũng ẩn`);
    for (const r of rows) expect(r.author === '' || /^tg-[0-9a-f]{8}$/.test(r.author)).toBe(true);
  });

  it('neutralizeCell leaves ordinary text alone', () => {
    expect(neutralizeCell('Công đoàn = tổ chức')).toBe('Công đoàn = tổ chức');
    expect(neutralizeCell('')).toBe('');
    expect(neutralizeCell('=1+1')).toBe("'=1+1");
  });

  it('an export re-imports into a new database', async () => {
    const path = file('out.jsonl', await exported('jsonl'));
    const other = await tempStore();
    try {
      expect(await importFile(other.store, path, opts)).toEqual({ imported: 5, duplicates: 0, rejected: [] });
    } finally {
      await other.store.close();
    }
  });
});
