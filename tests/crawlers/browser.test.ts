import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runAdapter } from '../../crawlers/adapters/index.js';
import { BrowserPool } from '../../crawlers/browser/browser-pool.js';
import { capturePage } from '../../crawlers/browser/capture.js';
import { BlockedError } from '../../crawlers/fetch/errors.js';
import type { Loader } from '../../crawlers/fetch/loader.js';
import { sourceSchema } from '../../crawlers/source-schema.js';
import { jsonApi } from '../fixtures/sites/json-api.js';
import { JS_POSTS, jsSite } from '../fixtures/sites/js-site.js';
import { newsSite } from '../fixtures/sites/news-site.js';
import { serveSite, type RunningSite } from '../fixtures/sites/serve-site.js';
import { testLoader } from './helpers.js';

const CHROMIUM = process.env.PUPPETEER_EXECUTABLE_PATH || '/usr/bin/chromium';

let js: RunningSite;
let news: RunningSite;
let forbidden: RunningSite;
let loader: Loader;
let pool: BrowserPool;

beforeAll(async () => {
  forbidden = await serveSite(jsonApi());
  [js, news] = await Promise.all([serveSite(jsSite({ forbiddenUrl: `${'http://127.0.0.1'}:${forbidden.port}/api/wrapped` })), serveSite(newsSite())]);
  loader = testLoader([js.hostPort, news.hostPort]);
  pool = new BrowserPool({ executablePath: CHROMIUM, loader, maxPages: 2, pageTimeoutMs: 15_000 });
});
afterAll(async () => {
  await pool.close();
  await loader.close();
  await Promise.all([js.close(), news.close(), forbidden.close()]);
});

const jsSource = (maxPages = 1) =>
  sourceSchema.parse({
    id: 'bang-tin',
    name: 'Bảng tin',
    type: 'browser',
    url: `${js.origin}/`,
    select: { item: 'article.post', text: '.content', author: '.user', published: 'time@datetime' },
    next: 'a.next@href',
    max_pages: maxPages,
  });

describe('browser adapter', { timeout: 60_000 }, () => {
  it('waits for posts rendered after a delay and extracts them', async () => {
    const res = await runAdapter(jsSource(), { loader, browser: () => pool });
    expect(res.items).toEqual(
      JS_POSTS.map((p) => ({ source: 'bang-tin', text: p.content, author: p.user, publishedAt: new Date(p.at).toISOString(), url: `${js.origin}/` })),
    );
  });

  it('blocks images and fonts, and every request to non-allow-listed or special addresses', async () => {
    const paths = js.paths();
    expect(paths).toContain('/api/posts');
    expect(paths).not.toContain('/hinh.png');
    expect(paths).not.toContain('/font.woff2');
    // The page's fetch() to another local service never left the browser.
    expect(forbidden.requests).toHaveLength(0);
  });

  it('follows pagination through the same guarded navigation', async () => {
    const res = await runAdapter(jsSource(2), { loader, browser: () => pool });
    expect(res.pages).toBe(2);
    expect(res.items.at(-1)).toMatchObject({ author: 'trang2', url: `${js.origin}/trang-2` });
  });

  it('refuses to navigate where robots.txt or the SSRF guard forbid', async () => {
    await expect(pool.withPage((s) => s.goto(`${news.origin}/private/admin`))).rejects.toMatchObject({ reason: 'robots' });
    await expect(pool.withPage((s) => s.goto(`http://127.0.0.1:${forbidden.port}/`))).rejects.toBeInstanceOf(BlockedError);
    await expect(pool.withPage((s) => s.goto('file:///etc/passwd'))).rejects.toBeInstanceOf(BlockedError);
    expect(news.paths()).not.toContain('/private/admin');
    expect(forbidden.requests).toHaveLength(0);
  });

  it('records what it refused during a page session', async () => {
    const blocked = await pool.withPage(async (s) => {
      await s.goto(`${js.origin}/`);
      await s.page.waitForSelector('article.post');
      return s.blocked;
    });
    expect(blocked.some((b) => b.startsWith('http://169.254.169.254/'))).toBe(true);
    expect(blocked.some((b) => b.includes(`127.0.0.1:${forbidden.port}`))).toBe(true);
    expect(blocked.some((b) => b.includes('/hinh.png (image)'))).toBe(true);
  });

  it('enforces a hard deadline per page', async () => {
    await expect(pool.withPage(() => new Promise(() => undefined), { timeoutMs: 500 })).rejects.toThrow(/did not complete within 500 ms/);
    // The pool is still usable afterwards.
    expect(await pool.withPage(async (s) => (await s.goto(`${js.origin}/trang-2`), s.page.url()))).toBe(`${js.origin}/trang-2`);
  });
});

describe('capturePage', { timeout: 60_000 }, () => {
  it('captures the rendered HTML and a PNG screenshot', async () => {
    const cap = await capturePage(pool, `${js.origin}/`, { settleMs: 800 });
    expect(cap.png.subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a');
    expect(cap.png.length).toBeGreaterThan(1000);
    expect(cap.html).toContain(JS_POSTS[0].content);
    expect(cap.finalUrl).toBe(`${js.origin}/`);
    expect(Date.parse(cap.capturedAt)).not.toBeNaN();
  });
});
