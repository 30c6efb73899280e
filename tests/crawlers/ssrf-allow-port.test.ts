// Issue 14, finding 1: an allow-list entry "name:port" opened every port of that name. Two real
// servers on 127.0.0.1: "allowed" (the allow-listed site) and "internal" (a service holding a
// secret on another port). The name intranet.test resolves to 127.0.0.1 through the loader's
// resolver option, as "vm" did through /etc/hosts in the attack. The internal server's request
// log is the witness: nothing may reach it, through the fetcher, the browser or evidence capture.
import type { LookupAddress } from 'node:dns';
import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runAdapter } from '../../crawlers/adapters/index.js';
import { BrowserPool } from '../../crawlers/browser/browser-pool.js';
import { capturePage } from '../../crawlers/browser/capture.js';
import { BlockedError } from '../../crawlers/fetch/errors.js';
import type { Loader } from '../../crawlers/fetch/loader.js';
import { guardedLookup, parseAllowList, resolvePublicAddresses, systemResolver } from '../../crawlers/fetch/ssrf-guard.js';
import { sourceSchema } from '../../crawlers/source-schema.js';
import { serveSite, type RunningSite } from '../fixtures/sites/serve-site.js';
import { testLoader } from './helpers.js';

const CHROMIUM = process.env.PUPPETEER_EXECUTABLE_PATH || '/usr/bin/chromium';
const NAME = 'intranet.test';
const SECRET = 'KC-INTERNAL-SECRET-4711';
const resolve = async (host: string): Promise<LookupAddress[]> => (host === NAME ? [{ address: '127.0.0.1', family: 4 }] : systemResolver(host));

let internal: RunningSite;
let allowed: RunningSite;
let loader: Loader;
let pool: BrowserPool;
const internalUrl = () => `http://${NAME}:${internal.port}/secret`;
const allowedUrl = (path: string) => `http://${NAME}:${allowed.port}${path}`;

beforeAll(async () => {
  const secretApp = new Hono();
  // The worst case for the witness: the internal service even lets any origin read it.
  secretApp.get('*', (c) => c.text(SECRET, 200, { 'access-control-allow-origin': '*' }));
  internal = await serveSite(secretApp);
  const site = new Hono();
  site.get('/robots.txt', (c) => c.text('User-agent: *\nAllow: /\n'));
  site.get('/go', (c) => c.redirect(internalUrl(), 302));
  site.get('/page', (c) =>
    c.html(`<!doctype html><meta charset="utf-8"><body><main id="feed"></main>
<script>
  const add = (t) => { document.getElementById('feed').insertAdjacentHTML('beforeend', '<article class="post"><p class="content"></p></article>');
    document.querySelectorAll('.content')[document.querySelectorAll('.content').length - 1].textContent = t; };
  fetch(${JSON.stringify(internalUrl())}).then((r) => r.text()).then(add, () => add('fetch refused')).finally(() => add('page done'));
</script></body>`),
  );
  allowed = await serveSite(site);
  loader = testLoader([`${NAME}:${allowed.port}`], { resolve, retries: 0 });
  pool = new BrowserPool({ executablePath: CHROMIUM, loader, maxPages: 1, pageTimeoutMs: 20_000 });
});

afterAll(async () => {
  await pool?.close();
  await loader?.close();
  await Promise.all([internal?.close(), allowed?.close()]);
});

describe('allow-list entry host:port (issue 14, finding 1)', { timeout: 60_000 }, () => {
  it('a name allow-listed for one port resolves for that port only', async () => {
    const allow = parseAllowList(`${NAME}:4000`);
    expect(await resolvePublicAddresses(NAME, allow, { port: '4000', resolve })).toEqual([{ address: '127.0.0.1', family: 4 }]);
    await expect(resolvePublicAddresses(NAME, allow, { port: '4001', resolve })).rejects.toBeInstanceOf(BlockedError);
    // Without a port (a caller that cannot tell), only port-less entries apply.
    await expect(resolvePublicAddresses(NAME, allow, { resolve })).rejects.toBeInstanceOf(BlockedError);
    const lookup = guardedLookup(allow, { port: '4001', resolve });
    const err = await new Promise<unknown>((done) => lookup(NAME, { all: true }, (e) => done(e)));
    expect(err).toBeInstanceOf(BlockedError);
  });

  it('the fetcher reads the allowed port but refuses a redirect to another port of the same name', async () => {
    expect((await loader.get(allowedUrl('/robots.txt'))).text()).toContain('User-agent');
    const err = await loader.get(allowedUrl('/go')).then(
      (res) => new Error(`fetched ${res.url}: ${res.text()}`),
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(BlockedError);
    expect((err as BlockedError).reason).toBe('ssrf');
    expect(internal.requests).toEqual([]);
  });

  it("the browser refuses a page script's request to another port, and a navigation redirected there", async () => {
    const source = (path: string) =>
      sourceSchema.parse({ id: 'noi-bo', name: 'Nội bộ', type: 'browser', url: allowedUrl(path), select: { item: 'article.post', text: '.content' }, wait_for: 'article.post:nth-of-type(2)' });
    const res = await runAdapter(source('/page'), { loader, browser: () => pool });
    expect(res.items.map((i) => i.text)).toEqual(['fetch refused', 'page done']);
    await expect(runAdapter(source('/go'), { loader, browser: () => pool })).rejects.toBeInstanceOf(BlockedError);
    expect(internal.requests).toEqual([]);
  });

  it('evidence capture of a page that redirects to another port fails instead of photographing the internal service', async () => {
    const err = await capturePage(pool, allowedUrl('/go'), { settleMs: 0 }).then(
      (cap) => new Error(`captured ${cap.finalUrl}: ${cap.html.slice(0, 200)}`),
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(BlockedError);
    const page = await capturePage(pool, allowedUrl('/page'), { settleMs: 300 });
    expect(page.html).not.toContain(SECRET);
    expect(internal.requests).toEqual([]);
  });
});
