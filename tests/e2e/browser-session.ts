import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { serve, type ServerType } from '@hono/node-server';
import type { AxeResults, RunOptions } from 'axe-core';
import puppeteer, { type Browser, type HTTPResponse, type Page } from 'puppeteer';
import { expect } from 'vitest';
import { CHROMIUM_ARGS } from '../../src/digest/render-pdf.js';
import { PASSWORD } from '../review-ui/harness.js';

export const CHROMIUM = process.env.PUPPETEER_EXECUTABLE_PATH || '/usr/bin/chromium';
export const DESKTOP = { width: 1280, height: 900 };
export const PHONE = { width: 360, height: 740 };

// The axe-core that @axe-core/puppeteer ships with, minified. AxePuppeteer re-injected the
// unminified 1.3 MB source on every analyze() and finished each run in a new tab: 8–10 s per check
// at both sizes on two loaded cores, against 2–4 s for the same rules run in the page itself.
const axeRequire = createRequire(createRequire(import.meta.url).resolve('@axe-core/puppeteer'));
const AXE_SOURCE = readFileSync(axeRequire.resolve('axe-core/axe.min.js'), 'utf8');

/**
 * All of axe (or the rules `options` names) on the page as it is. axe is injected once per
 * document: a second run on the same page (after resizing it) reuses it; a navigation loads a new
 * document, which gets it again. Only violations are listed in full: the other result types list
 * one node per rule, and nothing here reads more.
 */
export async function runAxe(page: Page, options: RunOptions = {}): Promise<AxeResults> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(AXE_SOURCE);
  return page.evaluate((o) => (window as unknown as { axe: { run(c: Document, o: RunOptions): Promise<AxeResults> } }).axe.run(document, o), { resultTypes: ['violations'], ...options } as RunOptions);
}

/** A file the browser downloaded: its suggested name and its bytes. */
export interface Download {
  name: string;
  bytes: Buffer;
}

export interface BrowserSession {
  base: string;
  browser: Browser;
  page: Page;
  /** Folder for screenshots (KC_E2E_SCREENSHOTS=1, or a page axe faults) and downloads. */
  artifacts: string;
  /** Screenshot as an artifact, and no accessibility violation of any impact (axe); returns axe's results. */
  check(name: string): Promise<AxeResults>;
  /**
   * The page as it is, at desktop (1280×900) then phone (360×740) size: screenshots `name-1280`
   * and `name-360`, axe with no violation of any impact, and no horizontal scrolling. Ends at
   * desktop size. Returns axe's results at each size, desktop first.
   */
  checkBoth(name: string): Promise<[AxeResults, AxeResults]>;
  /** Opens a path of the app and waits for its document (not its images and styles). */
  goto(path: string): Promise<HTTPResponse | null>;
  /** How far the document is wider than the viewport (0 when nothing scrolls sideways). */
  overflow(): Promise<number>;
  /** Clicks what starts a download (a link, a form's button) and returns the file as saved by Chromium. */
  download(selector: string): Promise<Download>;
  /** Clicks a submit button and waits for the page it leads to. */
  submit(selector: string): Promise<void>;
  /** Signs in through the login form (the test password), filling it in at once rather than key by key. */
  login(username: string): Promise<void>;
  close(): Promise<void>;
}

/** Serves `app` on an ephemeral 127.0.0.1 port and opens it in real Chromium, as a Vietnamese reviewer's browser. */
export async function openBrowserSession(app: { fetch: (req: Request) => Response | Promise<Response> }, artifacts: string): Promise<BrowserSession> {
  mkdirSync(artifacts, { recursive: true });
  let server: ServerType | undefined;
  const base = await new Promise<string>((resolve) => {
    server = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 }, (info: AddressInfo) => resolve(`http://127.0.0.1:${info.port}`));
  });
  const browser: Browser = await puppeteer.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
  const page = await browser.newPage();
  // Two shared cores: retraining or rendering a digest can take a while before the page answers.
  page.setDefaultNavigationTimeout(120_000);
  await page.setViewport(DESKTOP);
  await page.setExtraHTTPHeaders({ 'Accept-Language': 'vi-VN,vi;q=0.9' });

  const submit = async (selector: string) => {
    await Promise.all([page.waitForNavigation({ waitUntil: 'domcontentloaded' }), page.click(selector)]);
  };
  // Full-page screenshots cost about a second each on two cores: taken when asked for
  // (KC_E2E_SCREENSHOTS=1, to look at the pages) and whenever axe finds something, to see it.
  const shoot = (name: string) => page.screenshot({ path: join(artifacts, `${name}.png`), fullPage: true });
  const check = async (name: string) => {
    if (process.env.KC_E2E_SCREENSHOTS === '1') await shoot(name);
    const result = await runAxe(page);
    const bad = result.violations.map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).join(' | ')}`);
    if (bad.length > 0 && process.env.KC_E2E_SCREENSHOTS !== '1') await shoot(name);
    expect(bad, name).toEqual([]);
    return result;
  };
  const overflow = () => page.evaluate(() => Math.max(document.documentElement.scrollWidth, document.body.scrollWidth) - window.innerWidth);

  // Downloads land in a folder of their own, named by Chromium's guid until they complete.
  const downloads = join(artifacts, 'downloads');
  const cdp = await page.createCDPSession();
  await cdp.send('Browser.setDownloadBehavior', { behavior: 'allowAndName', downloadPath: downloads, eventsEnabled: true });
  const download = async (selector: string): Promise<Download> => {
    let name = '';
    const done = new Promise<string>((resolve, reject) => {
      const begin = (e: { guid: string; suggestedFilename: string }) => (name = e.suggestedFilename);
      const progress = (e: { guid: string; state: string }) => {
        if (e.state === 'inProgress') return;
        cdp.off('Browser.downloadWillBegin', begin);
        cdp.off('Browser.downloadProgress', progress);
        if (e.state === 'completed') resolve(join(downloads, e.guid));
        else reject(new Error(`download ${e.state}`));
      };
      cdp.on('Browser.downloadWillBegin', begin);
      cdp.on('Browser.downloadProgress', progress);
    });
    await page.click(selector);
    const path = await done;
    expect(existsSync(path), path).toBe(true);
    const bytes = readFileSync(path);
    rmSync(path);
    return { name, bytes };
  };

  return {
    base,
    browser,
    page,
    artifacts,
    submit,
    check,
    overflow,
    download,
    async checkBoth(name) {
      const results: AxeResults[] = [];
      for (const size of [DESKTOP, PHONE]) {
        await page.setViewport(size);
        results.push(await check(`${name}-${size.width}`));
        expect({ name, width: size.width, overflow: await overflow() }).toEqual({ name, width: size.width, overflow: 0 });
      }
      await page.setViewport(DESKTOP);
      return results as [AxeResults, AxeResults];
    },
    goto: (path) => page.goto(`${base}${path}`, { waitUntil: 'domcontentloaded' }),
    async login(username) {
      await page.goto(`${base}/login`, { waitUntil: 'domcontentloaded' });
      // Typing key by key costs two round trips to the browser per character (seconds per
      // sign-in on loaded cores); the server receives the same form either way.
      await page.$eval('#username', (e, v) => ((e as HTMLInputElement).value = v), username);
      await page.$eval('#password', (e, v) => ((e as HTMLInputElement).value = v), PASSWORD);
      await submit('form[action="/login"] button[type=submit]');
    },
    async close() {
      await browser.close();
      await new Promise<void>((r) => (server ? server.close(() => r()) : r()));
    },
  };
}
