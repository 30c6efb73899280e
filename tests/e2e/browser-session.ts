import { mkdirSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { serve, type ServerType } from '@hono/node-server';
import { AxePuppeteer } from '@axe-core/puppeteer';
import puppeteer, { type Browser, type Page } from 'puppeteer';
import { expect } from 'vitest';
import { CHROMIUM_ARGS } from '../../src/digest/render-pdf.js';
import { PASSWORD } from '../review-ui/harness.js';

export const CHROMIUM = process.env.PUPPETEER_EXECUTABLE_PATH || '/usr/bin/chromium';

export interface BrowserSession {
  base: string;
  browser: Browser;
  page: Page;
  /** Folder for screenshots. */
  artifacts: string;
  /** Screenshot as an artifact, and no serious or critical accessibility violations (axe). */
  check(name: string): Promise<void>;
  /** Clicks a submit button and waits for the page it leads to. */
  submit(selector: string): Promise<void>;
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
  await page.setViewport({ width: 1280, height: 900 });
  await page.setExtraHTTPHeaders({ 'Accept-Language': 'vi-VN,vi;q=0.9' });

  const submit = async (selector: string) => {
    await Promise.all([page.waitForNavigation({ waitUntil: 'domcontentloaded' }), page.click(selector)]);
  };
  return {
    base,
    browser,
    page,
    artifacts,
    submit,
    async check(name) {
      await page.screenshot({ path: join(artifacts, `${name}.png`), fullPage: true });
      const result = await new AxePuppeteer(page).analyze();
      const bad = result.violations
        .filter((v) => v.impact === 'serious' || v.impact === 'critical')
        .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(' | ')}`);
      expect(bad, name).toEqual([]);
    },
    async login(username) {
      await page.goto(`${base}/login`, { waitUntil: 'domcontentloaded' });
      await page.type('#username', username);
      await page.type('#password', PASSWORD);
      await submit('form[action="/login"] button[type=submit]');
    },
    async close() {
      await browser.close();
      await new Promise<void>((r) => (server ? server.close(() => r()) : r()));
    },
  };
}
