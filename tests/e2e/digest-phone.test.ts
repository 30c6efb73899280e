import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isoWeek } from '../../src/digest/iso-week.js';
import { runDigest } from '../../src/jobs/digest-job.js';
import { adminHarness } from '../review-ui/admin-harness.js';
import { CHROMIUM, PHONE } from './browser-session.js';
import { useBrowserHarness } from './use-browser-harness.js';

const { h, session, page } = useBrowserHarness('digest', { harness: () => adminHarness() });

describe('the digest on a phone (360×740) in Chromium', () => {
  it('fits the screen, has the site navigation, landmarks and a PDF link, and no axe violation of any impact', async () => {
    const { id } = await runDigest(h.store, { week: isoWeek(2026, 47, 'Asia/Ho_Chi_Minh'), lang: 'vi', outDir: join(h.dir, 'digest'), chromiumPath: CHROMIUM, browser: session.browser, rulesDir: 'rules' });
    await session.login('admin');
    await page.setViewport(PHONE);
    await session.goto(`/digests/${id}`);
    // No horizontal overflow: wide tables scroll inside their own region.
    const widths = await page.evaluate(() => ({ doc: document.documentElement.scrollWidth, body: document.body.scrollWidth, view: window.innerWidth }));
    expect(widths.doc).toBeLessThanOrEqual(widths.view);
    expect(widths.body).toBeLessThanOrEqual(widths.view);
    for (const sel of ['nav.site', 'header', 'main', 'footer']) expect(await page.$(sel), sel).not.toBeNull();
    expect(await page.$$eval('nav.site a', (a) => a.map((x) => x.getAttribute('href')))).toContain('/queue');
    expect(await page.$eval('.links a', (a) => a.getAttribute('href'))).toBe(`/digests/${id}/pdf`);
    expect(await page.$$eval('.scroll[role=region][tabindex="0"][aria-label]', (r) => r.length)).toBeGreaterThan(2);
    // All of axe (no violation of any impact) and no sideways scrolling at either size; screenshots
    // digest-1280 and digest-360 when asked for. At 360 px wide tables scroll in regions a keyboard
    // reaches, the page has its landmarks: those rules ran and passed.
    const [, phone] = await session.checkBoth('digest');
    expect(phone.passes.map((r) => r.id)).toEqual(expect.arrayContaining(['scrollable-region-focusable', 'region', 'landmark-one-main']));
  }, 240_000);
});
