import { describe, expect, it } from 'vitest';
import { adminHarness } from '../review-ui/admin-harness.js';
import { PHONE } from './browser-session.js';
import { useBrowserHarness } from './use-browser-harness.js';

// "Tạo bản tin" walked in Chromium as an admin, on a desktop and on a phone, with axe on every page.
// The harness clock is Friday 20/11/2026 (2026-W47): last week is 2026-W46.
const { session, page } = useBrowserHarness('make-digest', { harness: () => adminHarness(), login: 'admin' });

describe('Tạo bản tin in Chromium (1280×900 and 360×740)', () => {
  it('shows the form with last week chosen, accessible at both sizes', async () => {
    await session.goto('/digests');
    expect(await page.$eval('#make-week', (i) => (i as HTMLInputElement).value)).toBe('2026-W46');
    expect(await page.$eval('#make-week', (i) => (i as HTMLInputElement).type)).toBe('week');
    expect(await page.$eval('#make-unit', (s) => (s as HTMLSelectElement).value)).toBe('');
    await session.checkBoth('make-digest-form');
  }, 120_000);

  it('on a phone: a week that has not ended comes back with the error at the week field and the choices kept', async () => {
    await page.setViewport(PHONE);
    await session.goto('/digests');
    // The picker's max stops this in the browser; a crafted or stale form still reaches the server.
    await page.$eval('#make h2 + form', (f) => ((f as HTMLFormElement).noValidate = true));
    await page.$eval('#make-week', (i) => ((i as HTMLInputElement).value = '2026-W47'));
    await page.select('#make-unit', 'hcm');
    await session.submit('#make button[type=submit]');
    expect(await page.$eval('#make-week', (i) => i.getAttribute('aria-invalid'))).toBe('true');
    expect(await page.$eval('#make-week-error', (e) => e.textContent)).toContain('Tuần này chưa kết thúc');
    expect(await page.$eval('#make-unit', (s) => (s as HTMLSelectElement).value)).toBe('hcm');
    // The error sits right under its field, not at the top of a long page.
    const gap = await page.evaluate(() => document.getElementById('make-week-error')!.getBoundingClientRect().top - document.getElementById('make-week')!.getBoundingClientRect().bottom);
    expect(gap).toBeGreaterThanOrEqual(0);
    expect(gap).toBeLessThan(120);
    await session.checkBoth('make-digest-error');
  }, 120_000);

  it('on a phone: makes the digest of an earlier week for a unit and lands on it', async () => {
    await page.setViewport(PHONE);
    await session.goto('/digests');
    await page.$eval('#make-week', (i) => ((i as HTMLInputElement).value = '2026-W44'));
    await page.select('#make-unit', 'hanoi');
    await session.submit('#make button[type=submit]');
    expect(new URL(page.url()).pathname).toMatch(/^\/digests\/\d+$/);
    const text = await page.$eval('body', (b) => b.textContent ?? '');
    expect(text).toContain('2026-W44');
    expect(text).toContain('26/10/2026');
    expect(text).toContain('hanoi');
    await session.checkBoth('made-digest');
  }, 240_000);
});
