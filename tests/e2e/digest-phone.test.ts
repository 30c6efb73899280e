import { join } from 'node:path';
import { AxePuppeteer } from '@axe-core/puppeteer';
import type { Page } from 'puppeteer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isoWeek } from '../../src/digest/iso-week.js';
import { runDigest } from '../../src/jobs/digest-job.js';
import { adminHarness } from '../review-ui/admin-harness.js';
import { CHROMIUM, openBrowserSession, type BrowserSession } from './browser-session.js';

let h: Awaited<ReturnType<typeof adminHarness>>;
let session: BrowserSession;
let page: Page;

beforeAll(async () => {
  h = await adminHarness();
  session = await openBrowserSession(h.app, join(import.meta.dirname, '..', 'artifacts', 'e2e-digest'));
  page = session.page;
}, 120_000);

afterAll(async () => {
  await session?.close();
  await h?.close();
});

describe('the digest on a phone (360×740) in Chromium', () => {
  it('fits the screen, has the site navigation, landmarks and a PDF link, and no axe violation of any impact', async () => {
    const { id } = await runDigest(h.store, { week: isoWeek(2026, 47, 'Asia/Ho_Chi_Minh'), lang: 'vi', outDir: join(h.dir, 'digest'), chromiumPath: CHROMIUM, browser: session.browser, rulesDir: 'rules' });
    await session.login('admin');
    await page.setViewport({ width: 360, height: 740 });
    await page.goto(`${session.base}/digests/${id}`, { waitUntil: 'domcontentloaded' });
    // No horizontal overflow: wide tables scroll inside their own region.
    const widths = await page.evaluate(() => ({ doc: document.documentElement.scrollWidth, body: document.body.scrollWidth, view: window.innerWidth }));
    expect(widths.doc).toBeLessThanOrEqual(widths.view);
    expect(widths.body).toBeLessThanOrEqual(widths.view);
    for (const sel of ['nav.site', 'header', 'main', 'footer']) expect(await page.$(sel), sel).not.toBeNull();
    expect(await page.$$eval('nav.site a', (a) => a.map((x) => x.getAttribute('href')))).toContain('/queue');
    expect(await page.$eval('.links a', (a) => a.getAttribute('href'))).toBe(`/digests/${id}/pdf`);
    expect(await page.$$eval('.scroll[role=region][tabindex="0"][aria-label]', (r) => r.length)).toBeGreaterThan(2);
    // Wide tables scroll in regions a keyboard reaches: axe's rule ran on them and passed.
    const focusable = await new AxePuppeteer(page).withRules(['scrollable-region-focusable', 'region', 'landmark-one-main']).analyze();
    expect(focusable.violations).toEqual([]);
    expect(focusable.passes.map((r) => r.id)).toEqual(expect.arrayContaining(['scrollable-region-focusable', 'region', 'landmark-one-main']));
    // Screenshots digest-1280 and digest-360, all of axe (no violation of any impact), no sideways scrolling at either size.
    await session.checkBoth('digest');
  }, 240_000);
});
