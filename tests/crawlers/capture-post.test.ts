import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BrowserPool } from '../../crawlers/browser/browser-pool.js';
import { capturePage, VIEWPORT } from '../../crawlers/browser/capture.js';
import type { Loader } from '../../crawlers/fetch/loader.js';
import { parseSourceFile, type SourceDef } from '../../crawlers/source-schema.js';
import { crawlSource } from '../../src/jobs/crawl-source.js';
import { drainEvidence } from '../../src/jobs/evidence-worker.js';
import { serveSite, type RunningSite } from '../fixtures/sites/serve-site.js';
import { crawlDeps, tempStore, type TempStore } from '../jobs/crawl-helpers.js';
import { testLoader } from './helpers.js';

/**
 * Evidence shows the post, not the page: real Chromium against a fixture forum whose post pages
 * are long (comments of other people, a sidebar) and whose post element sits below the first
 * screen. The PNG's size must be the element's box; the HTML snapshot must hold the post's text
 * and none of the comments placed outside the element.
 */
const POST = { width: 640, height: 360, top: 1300, left: 210 };

function postPage(id: number, withPost: boolean): string {
  const post = withPost
    ? `<article class="post" style="position:absolute;top:${POST.top}px;left:${POST.left}px;width:${POST.width}px;height:${POST.height}px;margin:0;padding:0;border:0;background:#fee">
         <p>COVID: uống nước tỏi chữa khỏi bệnh (bài ${id})</p></article>`
    : '<p>Bài viết đã bị gỡ.</p>';
  const comments = Array.from({ length: 40 }, (_, i) => `<div class="comment" style="height:80px">Bình luận của người khác số ${i}</div>`).join('');
  return `<!doctype html><html><head><meta charset="utf-8"><title>Bài ${id} — "Diễn đàn" & bạn bè</title><style>body{margin:0;font:16px sans-serif}</style></head>
    <body><header style="height:120px;background:#ccd">Diễn đàn</header><aside style="position:absolute;top:0;right:0;width:200px;height:5000px;background:#eee">Thành viên</aside>
    ${post}<section style="position:absolute;top:1800px;left:0;width:900px">${comments}</section>
    <div style="height:5200px"></div></body></html>`;
}

function forum(): Hono {
  const app = new Hono();
  // ?b=2 lists other posts (3, 4), so a second source gets items of its own.
  app.get('/forum', (c) => {
    const [a, b] = c.req.query('b') === '2' ? [3, 4] : [1, 2];
    return c.html(`<!doctype html><html><body>
      <div class="item"><p class="text">COVID: uống nước tỏi chữa khỏi bệnh (bài ${a})</p><a class="link" href="/bai/${a}">xem</a></div>
      <div class="item"><p class="text">COVID: bài viết số ${b}, có thể đã gỡ</p><a class="link" href="/bai/${b}">xem</a></div>
    </body></html>`);
  });
  app.get('/bai/:id', (c) => c.html(postPage(Number(c.req.param('id')), c.req.param('id') !== '2')));
  return app;
}

/** The post's text is there; other people's comments and the member sidebar are not. */
function expectPostOnly(html: string, id: number): void {
  expect(html).toContain(`COVID: uống nước tỏi chữa khỏi bệnh (bài ${id})`);
  expect(html).not.toContain('Bình luận của người khác');
  expect(html).not.toContain('Thành viên');
  expect(html).not.toContain('class="comment"');
}

const pngSize = (png: Buffer) => {
  expect(png.subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a');
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
};

let site: RunningSite;
let loader: Loader;
let pool: BrowserPool;
beforeAll(async () => {
  site = await serveSite(forum());
  loader = testLoader([site.hostPort]);
  pool = new BrowserPool({ executablePath: process.env.PUPPETEER_EXECUTABLE_PATH || '/usr/bin/chromium', loader, pageTimeoutMs: 30_000 });
});
afterAll(async () => {
  await pool.close();
  await loader.close();
  await site.close();
});

describe('capturePage screenshot scope', { timeout: 60_000 }, () => {
  it('takes only the post element when a selector is given: PNG size = element box', async () => {
    const box = await pool.withPage(async (s) => {
      await s.page.setViewport({ ...VIEWPORT });
      await s.goto(`${site.origin}/bai/1`);
      return s.page.$eval('article.post', (el) => {
        const r = el.getBoundingClientRect();
        return { width: r.width, height: r.height, page: document.documentElement.scrollHeight };
      });
    });
    expect(box).toMatchObject({ width: POST.width, height: POST.height });
    expect(box.page).toBeGreaterThan(5000);
    const cap = await capturePage(pool, `${site.origin}/bai/1`, { settleMs: 50, postSelector: 'article.post' });
    expect(cap.scope).toBe('element');
    expect(pngSize(cap.png)).toEqual({ width: box.width, height: box.height });
    // The snapshot follows the screenshot: the post element only, in a minimal dated document.
    expect(cap.htmlScope).toBe('element');
    expectPostOnly(cap.html, 1);
    expect(cap.html).toContain('<meta charset="utf-8">');
    expect(cap.html).toContain('<title>Bài 1 — &quot;Diễn đàn&quot; &amp; bạn bè</title>');
    expect(cap.html).toContain(`<base href="${site.origin}/bai/1">`);
    expect(cap.html).toContain(`<meta name="kc-source-url" content="${site.origin}/bai/1">`);
    expect(cap.html).toContain(`<meta name="kc-captured-at" content="${cap.capturedAt}">`);
    expect(cap.html).toMatch(/<body>\n<article class="post"[^>]*>\s*<p>COVID: uống nước tỏi chữa khỏi bệnh \(bài 1\)<\/p><\/article>\n<\/body>/);
  });

  it('falls back to the first screen, never the full page, when the element is missing', async () => {
    const cap = await capturePage(pool, `${site.origin}/bai/2`, { settleMs: 50, postSelector: 'article.post' });
    expect(cap.scope).toBe('viewport_fallback');
    expect(pngSize(cap.png)).toEqual(VIEWPORT);
    // Nothing to narrow the snapshot to: the whole page is kept, as without a selector.
    expect(cap.htmlScope).toBe('page');
    expect(cap.html).toContain('Bài viết đã bị gỡ.');
    expect(cap.html).toContain('Bình luận của người khác số 39');
  });

  it('takes the first screen when the source names no post element', async () => {
    const cap = await capturePage(pool, `${site.origin}/bai/1`, { settleMs: 50 });
    expect(cap.scope).toBe('viewport');
    expect(pngSize(cap.png)).toEqual(VIEWPORT);
    expect(cap.htmlScope).toBe('page');
    expect(cap.html).toContain('COVID: uống nước tỏi chữa khỏi bệnh (bài 1)');
    expect(cap.html).toContain('Bình luận của người khác số 39');
  });
});

describe('evidence worker uses the source definition', { timeout: 90_000 }, () => {
  let t: TempStore;
  beforeAll(async () => {
    t = await tempStore();
  });
  afterAll(() => t.cleanup());

  const source = (id: string, extra: string): SourceDef => {
    const yaml = `id: ${id}\nname: Diễn đàn\ntype: html\nurl: ${site.origin}/forum\nselect:\n  item: ".item"\n  text: ".text"\n  link: "a.link@href"\n${extra}`;
    const { source: s, errors } = parseSourceFile(yaml, `${id}.yaml`);
    expect(errors).toEqual([]);
    return s!;
  };

  it('crawl → flagged → evidence: the post element for a source with post_selector, recorded per capture', async () => {
    const s = source('dien-dan', 'post_selector: "article.post"\n');
    const summary = await crawlSource(crawlDeps(t, loader), s);
    expect(summary).toMatchObject({ status: 'ok', new: 2, evidenceQueued: 2 });
    expect((await t.store.sources.get('dien-dan'))?.config).toMatchObject({ post_selector: 'article.post' });
    expect(await drainEvidence({ store: t.store, browser: () => pool, dataDir: t.dir, labels: ['covid_false'] })).toEqual({ done: 2, retry: 0, failed: 0, lost: 0 });
    const rows = await t.store.db.all<{ id: number; url: string }>("SELECT id, url FROM items WHERE source_id = 'dien-dan' ORDER BY url");
    const [withPost, gone] = await Promise.all(rows.map(async (r) => (await t.store.evidence.forItem(r.id))!));
    expect(withPost.pngScope).toBe('element');
    expect(pngSize(readFileSync(join(t.dir, withPost.pngPath!)))).toEqual({ width: POST.width, height: POST.height });
    // The stored snapshot is the element document, recorded as such, and its SHA-256 is of that file.
    expect(withPost.htmlScope).toBe('element');
    const snapshot = readFileSync(join(t.dir, withPost.htmlPath!));
    expectPostOnly(snapshot.toString('utf8'), 1);
    expect(createHash('sha256').update(snapshot).digest('hex')).toBe(withPost.htmlSha256);
    expect(gone.pngScope).toBe('viewport_fallback');
    expect(pngSize(readFileSync(join(t.dir, gone.pngPath!)))).toEqual(VIEWPORT);
    expect(gone.htmlScope).toBe('page');
    expect(readFileSync(join(t.dir, gone.htmlPath!), 'utf8')).toContain('Bình luận của người khác số 39');
  });

  it('a source without post_selector gets a first-screen screenshot', async () => {
    const summary = await crawlSource(crawlDeps(t, loader), { ...source('dien-dan-2', ''), url: `${site.origin}/forum?b=2` });
    expect(summary).toMatchObject({ status: 'ok', new: 2, evidenceQueued: 2 });
    expect(await drainEvidence({ store: t.store, browser: () => pool, dataDir: t.dir, labels: ['covid_false'] })).toEqual({ done: 2, retry: 0, failed: 0, lost: 0 });
    const [{ id }] = await t.store.db.all<{ id: number }>("SELECT id FROM items WHERE source_id = 'dien-dan-2' AND url LIKE '%/bai/3'");
    const ev = (await t.store.evidence.forItem(id))!;
    expect(ev.pngScope).toBe('viewport');
    expect(pngSize(readFileSync(join(t.dir, ev.pngPath!)))).toEqual(VIEWPORT);
    expect(ev.htmlScope).toBe('page');
    expect(readFileSync(join(t.dir, ev.htmlPath!), 'utf8')).toContain('Bình luận của người khác số 39');
  });
});
