import { mkdirSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { serve, type ServerType } from '@hono/node-server';
import { AxePuppeteer } from '@axe-core/puppeteer';
import puppeteer, { type Browser, type Page } from 'puppeteer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import YAML from 'yaml';
import { isoWeek } from '../../src/digest/iso-week.js';
import { CHROMIUM_ARGS } from '../../src/digest/render-pdf.js';
import { runDigest } from '../../src/jobs/digest-job.js';
import { adminHarness } from '../review-ui/admin-harness.js';
import { PASSWORD } from '../review-ui/harness.js';

const ARTIFACTS = join(import.meta.dirname, '..', 'artifacts', 'e2e-admin');
const CHROMIUM = process.env.PUPPETEER_EXECUTABLE_PATH || '/usr/bin/chromium';
const RULE = 'grievance.unpaid-wages';

let h: Awaited<ReturnType<typeof adminHarness>>;
let server: ServerType;
let base = '';
let browser: Browser;
let page: Page;

beforeAll(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  h = await adminHarness();
  await new Promise<void>((resolve) => {
    server = serve({ fetch: h.app.fetch, hostname: '127.0.0.1', port: 0 }, (info: AddressInfo) => {
      base = `http://127.0.0.1:${info.port}`;
      resolve();
    });
  });
  browser = await puppeteer.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
  page = await browser.newPage();
  await page.setViewport({ width: 1280, height: 900 });
  await page.setExtraHTTPHeaders({ 'Accept-Language': 'vi-VN,vi;q=0.9' });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await new Promise<void>((r) => (server ? server.close(() => r()) : r()));
  await h?.close();
});

/** Screenshot as an artifact, and no serious or critical accessibility violations. */
async function check(name: string): Promise<void> {
  await page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true });
  const result = await new AxePuppeteer(page).analyze();
  const bad = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(' | ')}`);
  expect(bad, name).toEqual([]);
}

async function submit(selector: string): Promise<void> {
  await Promise.all([page.waitForNavigation({ waitUntil: 'domcontentloaded' }), page.click(selector)]);
}

describe('admin in Chromium', () => {
  it('admin signs in and sees the rules with their figures', async () => {
    await page.goto(`${base}/login`, { waitUntil: 'domcontentloaded' });
    await page.type('#username', 'admin');
    await page.type('#password', PASSWORD);
    await submit('form[action="/login"] button[type=submit]');
    await page.goto(`${base}/admin/rules`, { waitUntil: 'domcontentloaded' });
    expect(await page.$eval('main', (m) => m.textContent)).toContain(RULE);
    await check('01-rules');
  }, 90_000);

  it('backtests an edited rule, then saves it as a new version', async () => {
    await page.goto(`${base}/admin/rules/${RULE}`, { waitUntil: 'domcontentloaded' });
    const yaml = await page.$eval('#yaml', (t) => (t as HTMLTextAreaElement).value);
    const spec = YAML.parse(yaml);
    spec.any.push('trời nắng nhẹ');
    spec.shadow = true;
    await page.$eval('#yaml', (t, v) => ((t as HTMLTextAreaElement).value = v), YAML.stringify(spec));
    await page.$eval('#days', (t) => ((t as HTMLInputElement).value = '14'));
    await page.type('#note', 'thử cụm từ thời tiết (shadow)');
    await submit('#backtest');
    const result = await page.$eval('#backtest-result', (s) => s.innerHTML);
    expect(result).toContain(`/items/${h.ids[4]}`);
    // The edited text is still in the form, ready to save.
    expect(await page.$eval('#yaml', (t) => (t as HTMLTextAreaElement).value)).toContain('trời nắng nhẹ');
    await check('02-rule-backtest');
    await submit('#save');
    expect(new URL(page.url()).pathname).toBe(`/admin/rules/${RULE}`);
    expect(await page.$eval('.flash', (f) => f.className)).toContain('ok');
    expect(await page.$eval('main', (m) => m.textContent)).toContain('v1 · admin');
    const [v1] = await h.store.ruleOverrides.history(RULE);
    expect(v1).toMatchObject({ version: 1, author: 'admin', note: 'thử cụm từ thời tiết (shadow)' });
    expect(JSON.parse(v1.spec!).shadow).toBe(true);
    await check('03-rule-saved');
  }, 90_000);

  it('digest list and a real digest page', async () => {
    await runDigest(h.store, { week: isoWeek(2026, 47, 'Asia/Ho_Chi_Minh'), lang: 'vi', outDir: join(h.dir, 'digest'), chromiumPath: CHROMIUM, browser, rulesDir: 'rules' });
    await page.goto(`${base}/digests`, { waitUntil: 'domcontentloaded' });
    await check('04-digests');
    await submit('main table a[href^="/digests/"]');
    expect(await page.$$eval('svg', (s) => s.length)).toBe(3);
    expect(await page.$eval('h1', (x) => x.textContent)).toBe('Bản tin tình hình tuần');
    await page.screenshot({ path: join(ARTIFACTS, '05-digest.png'), fullPage: true });
  }, 90_000);

  it('sources, users and model pages', async () => {
    for (const [path, name] of [['/admin/sources', '06-sources'], ['/admin/sources/new', '07-source-new'], ['/admin/users', '08-users'], ['/admin/model', '09-model']]) {
      const res = await page.goto(`${base}${path}`, { waitUntil: 'domcontentloaded' });
      expect(res?.status(), path).toBe(200);
      await check(name);
    }
  }, 120_000);
});
