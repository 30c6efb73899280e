// Crawler benchmarks (npm run bench -- crawl). Prints JSON lines {"name","value","unit"}.
//  - html adapter: pages/s over a paginated local forum (fetch + cheerio), politeness delay 0
//  - browser adapter: pages/s over the same forum rendered by JavaScript (real Chromium)
//  - end to end: crawl → ingest (normalise, dedupe, classify with the shipped rules) → SQLite, items/s
// Everything runs against fixture servers on 127.0.0.1; nothing leaves the machine.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Hono } from 'hono';
import { runAdapter } from '../crawlers/adapters/index.js';
import { BrowserPool } from '../crawlers/browser/browser-pool.js';
import { Loader } from '../crawlers/fetch/loader.js';
import { parseAllowList } from '../crawlers/fetch/ssrf-guard.js';
import { sourceSchema } from '../crawlers/source-schema.js';
import { crawlSource } from '../src/jobs/crawl-source.js';
import { loadClassifier } from '../src/classifier-runtime/load-classifier.js';
import { openStore } from '../src/storage/store.js';
import { serveSite } from '../tests/fixtures/sites/serve-site.js';
import { makePost, makeRng } from './foundation-data.js';

const HTML_PAGES = Number(process.env.KC_BENCH_CRAWL_PAGES ?? 300);
const BROWSER_PAGES = Number(process.env.KC_BENCH_CRAWL_BROWSER_PAGES ?? 30);
const PER_PAGE = 20;
const emit = (name: string, value: number, unit: string) => process.stdout.write(`${JSON.stringify({ name, value: Math.round(value * 100) / 100, unit })}\n`);
const note = (msg: string) => process.stderr.write(`# ${msg}\n`);
const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');

/** A forum with HTML_PAGES pages of PER_PAGE generated Vietnamese posts, server- or JS-rendered. */
function benchForum(): Hono {
  const rnd = makeRng(7);
  const posts = Array.from({ length: HTML_PAGES * PER_PAGE }, (_, i) => ({ id: i + 1, author: `user${i % 97}`, text: makePost(rnd) }));
  const page = (n: number) => posts.slice((n - 1) * PER_PAGE, n * PER_PAGE);
  const app = new Hono();
  app.get('/robots.txt', (c) => c.text('User-agent: *\nAllow: /\n'));
  app.get('/forum', (c) => {
    const n = Number(c.req.query('page') ?? 1);
    const body = page(n)
      .map((p) => `<div class="post"><a class="link" href="/post/${p.id}">#${p.id}</a><span class="author">${p.author}</span><div class="body"><p>${esc(p.text)}</p></div></div>`)
      .join('');
    return c.html(`<!doctype html><meta charset="utf-8"><title>Diễn đàn ${n}</title><body>${body}${n < HTML_PAGES ? `<a class="next" href="?page=${n + 1}">Sau</a>` : ''}</body>`);
  });
  app.get('/js', (c) => {
    const n = Number(c.req.query('page') ?? 1);
    const data = JSON.stringify(page(n)).replace(/</g, '\\u003c');
    return c.html(`<!doctype html><meta charset="utf-8"><body><div id="f"></div>${n < HTML_PAGES ? `<a class="next" href="/js?page=${n + 1}">Sau</a>` : ''}
<script>const posts = ${data}; setTimeout(() => { document.getElementById('f').innerHTML = posts.map((p) =>
'<div class="post"><span class="author">' + p.author + '</span><div class="body"></div></div>').join('');
document.querySelectorAll('.body').forEach((el, i) => { el.textContent = posts[i].text; }); }, 0);</script></body>`);
  });
  return app;
}

const site = await serveSite(benchForum());
const loader = new Loader({ userAgent: 'KiemChung/0.1 (+bench)', allowHosts: parseAllowList([site.hostPort]), delayMs: 0, timeoutMs: 30_000 });
const select = { item: '.post', text: '.body', author: '.author', link: 'a.link@href' };
/** Source files cap max_pages at 50; the bench goes further on purpose. */
const source = (def: Record<string, unknown>, maxPages: number) => ({ ...sourceSchema.parse({ ...def, max_pages: 1 }), max_pages: maxPages });

// --- html adapter ------------------------------------------------------------------------------
{
  const src = source({ id: 'bench-html', name: 'Bench', type: 'html', url: `${site.origin}/forum`, select, next: 'a.next@href' }, HTML_PAGES);
  await runAdapter({ ...src, max_pages: 5 }, { loader }); // warm-up
  const t0 = performance.now();
  const res = await runAdapter(src, { loader });
  const s = (performance.now() - t0) / 1000;
  note(`html: ${res.pages} pages, ${res.items.length} items in ${s.toFixed(2)} s`);
  emit('crawl.html.pages_per_s', res.pages / s, 'pages/s');
  emit('crawl.html.items_per_s', res.items.length / s, 'items/s');
}

// --- browser adapter ---------------------------------------------------------------------------
{
  const pool = new BrowserPool({ executablePath: process.env.PUPPETEER_EXECUTABLE_PATH || '/usr/bin/chromium', loader, pageTimeoutMs: 120_000 });
  const src = source({ id: 'bench-js', name: 'Bench JS', type: 'browser', url: `${site.origin}/js`, select: { item: '.post', text: '.body', author: '.author' }, next: 'a.next@href' }, BROWSER_PAGES);
  try {
    await runAdapter({ ...src, max_pages: 2 }, { loader, browser: () => pool }); // launches Chromium
    const t0 = performance.now();
    const res = await runAdapter(src, { loader, browser: () => pool });
    const s = (performance.now() - t0) / 1000;
    note(`browser: ${res.pages} pages, ${res.items.length} items in ${s.toFixed(2)} s`);
    emit('crawl.browser.pages_per_s', res.pages / s, 'pages/s');
  } catch (err) {
    note(`browser bench skipped: ${(err as Error).message}`);
  } finally {
    await pool.close();
  }
}

// --- end to end: crawl → stored ----------------------------------------------------------------
{
  const dir = mkdtempSync(join(tmpdir(), 'kc-bench-crawl-'));
  const store = await openStore(join(dir, 'kc.db'));
  const classifier = await loadClassifier({ rulesDir: 'rules', onWarning: note });
  const src = source({ id: 'bench-e2e', name: 'Bench', type: 'html', url: `${site.origin}/forum`, select, next: 'a.next@href' }, HTML_PAGES);
  const t0 = performance.now();
  const s = await crawlSource({ store, loader, classifier, secret: 'f'.repeat(64), spoolDir: join(dir, 'spool'), evidenceLabels: ['covid_false'] }, src);
  const secs = (performance.now() - t0) / 1000;
  note(`end to end: ${s.status}, ${s.found} found, ${s.new} stored, ${s.duplicates} duplicates, ${s.evidenceQueued} evidence queued in ${secs.toFixed(2)} s`);
  emit('crawl.e2e.stored_items_per_s', s.new / secs, 'items/s');
  emit('crawl.e2e.found_items_per_s', s.found / secs, 'items/s');
  await store.close();
  rmSync(dir, { recursive: true, force: true });
}

await loader.close();
await site.close();
