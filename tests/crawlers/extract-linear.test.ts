// Issue 14, finding 2: crawled HTML blocked the event loop. The tag-detection regex backtracked
// (80 KB of "<a": seconds), the parser was quadratic in nesting (40,000 nested <div>: 21 s, and a
// stack overflow when turned into text), and it all ran in the web process. Work is asserted
// with deterministic measures (parser events, tree depth, worker budget), never with time; the
// wall-clock figures are in bench/crawl-adversarial.bench.ts.
import fc from 'fast-check';
import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DocumentBudgetError, DocumentWorker } from '../../crawlers/adapters/document-worker.js';
import { htmlToText } from '../../crawlers/adapters/extract.js';
import { extractPage } from '../../crawlers/adapters/html.js';
import { runAdapter } from '../../crawlers/adapters/index.js';
import { MAX_DEPTH, parseHtml, type ParseStats } from '../../crawlers/adapters/parse-html.js';
import type { Loader } from '../../crawlers/fetch/loader.js';
import { sourceSchema, type SourceDef } from '../../crawlers/source-schema.js';
import { serveSite, type RunningSite } from '../fixtures/sites/serve-site.js';
import { testLoader } from './helpers.js';

const nested = (n: number, inner = '<p class="body">trong cùng</p>') => `${'<div>'.repeat(n)}<div class="post">${inner}</div>${'</div>'.repeat(n)}`;
const source = (def: Record<string, unknown>): SourceDef => sourceSchema.parse({ id: 'doc-test', name: 'Doc test', ...def });
const htmlSource = (url: string) => source({ type: 'html', url, select: { item: '.post', text: '.body' } });

// Pieces a hostile page is made of; a document is a few of them, each up to a few thousand times.
const n = fc.integer({ min: 0, max: 3000 });
const piece = fc.oneof(
  n.map((k) => '<div>'.repeat(k)),
  n.map((k) => '<a'.repeat(k)),
  n.map((k) => `<a ${'b '.repeat(k)}`),
  n.map((k) => `<p ${Array.from({ length: k }, (_, i) => `x${i % 50}="&amp;${i}"`).join(' ')}>`),
  n.map((k) => '&amp;&#x41;&bogus;&'.repeat(k)),
  n.map((k) => '</span>'.repeat(k)),
  n.map((k) => '<p><li><td>'.repeat(k)),
  n.map((k) => '<b><i>'.repeat(k) + '</b></i>'.repeat(k)),
  n.map((k) => '<svg><math><p>'.repeat(k)),
  fc.constantFrom('<!--', '<script>', '<style>', '<![CDATA[', '<textarea>', '<title>', '<div class="', '<!doctype'),
  fc.string({ maxLength: 200 }),
);
const hostileHtml = fc.array(piece, { minLength: 1, maxLength: 6 }).map((parts) => parts.join(''));

describe('linear extraction (issue 14, finding 2)', () => {
  it('parses any hostile HTML with at most one event per byte and a tree no deeper than the cap', () => {
    const src = htmlSource('https://example.org/');
    fc.assert(
      fc.property(hostileHtml, (html) => {
        const stats: ParseStats = { events: 0, maxDepth: 0 };
        parseHtml(html, stats);
        // Every event costs O(MAX_DEPTH) at most (the parser's stack is capped with the tree),
        // so events ≤ bytes (+ the implied closes at the end) is work linear in the input.
        expect(stats.events).toBeLessThanOrEqual(html.length + MAX_DEPTH);
        expect(stats.maxDepth).toBeLessThanOrEqual(MAX_DEPTH);
        // The text walk and the selectors run on that tree: they finish, and never overflow the stack.
        expect(typeof htmlToText(html)).toBe('string');
        expect(extractPage(html, src, 'https://example.org/').items.length).toBeLessThanOrEqual(stats.events);
      }),
      { numRuns: 60, seed: 14 },
    );
  });

  it('reads the text inside 100,000 nested <div> (the old parser overflowed the stack)', () => {
    expect(htmlToText(nested(100_000))).toBe('trong cùng');
    const stats: ParseStats = { events: 0, maxDepth: 0 };
    parseHtml(nested(100_000), stats);
    expect(stats.maxDepth).toBe(MAX_DEPTH);
  });

  it('keeps what a real page means: blocks become lines, scripts and styles are dropped, entities decoded', () => {
    expect(htmlToText('<p>Lương&nbsp;tháng 5</p><script>x()</script><ul><li>chậm</li><li>thiếu &amp; nợ</li></ul>a<br>b')).toBe('Lương tháng 5\n\nchậm\n\nthiếu & nợ\n\na\nb');
    // Text with a lone "<" is text, not markup.
    expect(htmlToText('lương < 5 triệu')).toBe('lương < 5 triệu');
  });
});

describe('documents are parsed off the event loop, within a time budget (issue 14, finding 2)', { timeout: 60_000 }, () => {
  let site: RunningSite;
  let loader: Loader;
  const documents = new DocumentWorker();
  const statuses = (content: string) => [{ id: '1', content, url: 'https://mxh.example/@a/1', created_at: '2026-05-01T08:00:00Z', account: { username: 'a' } }];

  beforeAll(async () => {
    const app = new Hono();
    app.get('/robots.txt', (c) => c.text('User-agent: *\nAllow: /\n'));
    const post = '<div class="post"><p class="body">Công nhân chưa được trả lương</p></div>';
    // A real post, then 40,000 levels of nesting (flattened below the cap: its own .post loses its .body).
    app.get('/deep', (c) => c.html(post + nested(40_000)));
    app.get('/ok', (c) => c.html(post));
    app.get('/api/deep', (c) => c.json(statuses(nested(40_000, 'nợ lương'))));
    site = await serveSite(app);
    loader = testLoader([site.hostPort]);
  });
  afterAll(async () => {
    await documents.close();
    await loader.close();
    await site.close();
  });

  it('a Mastodon status whose content nests 40,000 <div> is read (json adapter)', async () => {
    const res = await runAdapter(source({ type: 'json', url: `${site.origin}/api/deep`, fields: { text: 'content', link: 'url' } }), { loader, documents });
    expect(res.items.map((i) => i.text)).toEqual(['nợ lương']);
  });

  it('a document over its budget is stopped with a clear error, and the next document is read by a fresh worker', async () => {
    // 1 ms: the worker's timer must fire while the page is still being parsed, which can only
    // happen when the parsing is not on this thread.
    documents.budgetMs = 1;
    const err = await runAdapter(htmlSource(`${site.origin}/deep`), { loader, documents }).then(
      (res) => new Error(`extracted ${res.items.length} items`),
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(DocumentBudgetError);
    expect((err as Error).message).toMatch(/took longer than 1 ms and was stopped/);
    documents.budgetMs = 30_000;
    const next = await runAdapter(htmlSource(`${site.origin}/ok`), { loader, documents });
    expect(next.items.map((i) => i.text)).toEqual(['Công nhân chưa được trả lương']);
    const deep = await runAdapter(htmlSource(`${site.origin}/deep`), { loader, documents });
    expect(deep.items.map((i) => i.text)).toEqual(['Công nhân chưa được trả lương']);
  });
});
