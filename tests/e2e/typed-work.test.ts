import { join } from 'node:path';
import type { Page } from 'puppeteer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { harness, PASSWORD, type Harness } from '../review-ui/harness.js';
import { openBrowserSession, type BrowserSession } from './browser-session.js';

// Issue 13, point 2 (typed work survives an expired session) and point 1 (the follow-up pages on a
// phone), walked in real Chromium with axe.
let h: Harness;
let session: BrowserSession;
let base = '';
let page: Page;

beforeAll(async () => {
  h = await harness();
  session = await openBrowserSession(h.app, join(import.meta.dirname, '..', 'artifacts', 'e2e-typed-work'));
  ({ base, page } = session);
}, 120_000);

afterAll(async () => {
  await session?.close();
  await h?.close();
});

const value = (sel: string) => page.$eval(sel, (e) => (e as HTMLInputElement).value);

describe('typed work in Chromium', () => {
  it('a verdict typed when the session expired comes back after signing in again', async () => {
    await session.login('reviewer');
    const itemPath = `/items/${h.ids[1]}`;
    await page.goto(`${base}${itemPath}`, { waitUntil: 'domcontentloaded' });
    await page.click('input[name=verdict][value=false]');
    await page.type('#reason', 'Bộ Y tế khẳng định ăn tỏi không chữa được COVID');
    await page.type('#note', 'Đối chiếu với thông báo ngày 12/3');
    h.now.value = new Date(h.now.value.getTime() + 3 * 60 * 60_000); // idle past the session's lifetime

    await session.submit('form[action$="/verdict"] button[type=submit]');
    const login = new URL(page.url());
    expect(login.pathname).toBe('/login');
    expect(login.searchParams.get('next')).toBe(itemPath);
    expect(await page.$eval('main', (m) => m.textContent)).toContain('Phiên làm việc đã hết hạn');
    await session.check('01-login-expired');
    expect(await h.store.verdicts.forItem(h.ids[1])).toEqual([]);

    await page.type('#username', 'reviewer');
    await page.type('#password', PASSWORD);
    await session.submit('form[action="/login"] button[type=submit]');
    expect(new URL(page.url()).pathname).toBe(itemPath);
    expect(await value('#reason')).toBe('Bộ Y tế khẳng định ăn tỏi không chữa được COVID');
    expect(await value('#note')).toBe('Đối chiếu với thông báo ngày 12/3');
    expect(await page.$eval('input[name=verdict][value=false]', (e) => (e as HTMLInputElement).checked)).toBe(true);
    expect(await page.$eval('.flash.draft', (e) => e.textContent)).toContain('Đã khôi phục');
    await session.check('02-item-draft-restored');

    await session.submit('form[action$="/verdict"] button[type=submit]');
    expect(await page.$eval('.flash.ok', (e) => e.textContent)).toBe('Đã lưu kết luận.');
    expect((await h.store.verdicts.forItem(h.ids[1]))[0]).toMatchObject({ verdict: 'false', note: 'Đối chiếu với thông báo ngày 12/3' });
    await page.reload({ waitUntil: 'domcontentloaded' });
    expect(await value('#reason')).toBe(''); // saved: the draft is gone
    expect(await page.$('.flash.draft')).toBeNull();
  });

  it('a grievance: the item says why, its follow-up page fits a phone and an update comes back to it', async () => {
    const id = h.ids[3];
    await page.goto(`${base}/items/${id}`, { waitUntil: 'domcontentloaded' });
    expect(await page.$eval('#grievance-held', (e) => e.textContent)).toContain('không phản bác');
    expect(await page.$eval('input[name=verdict][value=false]', (e) => (e as HTMLInputElement).disabled)).toBe(true);
    await page.setViewport({ width: 360, height: 740 });
    await page.goto(`${base}/grievances`, { waitUntil: 'domcontentloaded' });
    await session.check('03-grievances-phone');
    await page.goto(`${base}/grievances/${id}`, { waitUntil: 'domcontentloaded' });
    await page.select('#g-status', 'forwarded');
    await page.select('#g-unit', 'hcm');
    await page.type('#g-note', 'Chuyển công đoàn KCX');
    await session.submit(`form[action="/grievances/${id}"] button[type=submit]`);
    const url = new URL(page.url());
    expect(url.pathname + url.hash).toBe(`/grievances/${id}#followup`);
    expect(await page.$eval('.flash.ok', (e) => e.textContent)).toBeTruthy();
    expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBe(0);
    await session.check('04-grievance-phone');
    await page.setViewport({ width: 1280, height: 900 });
  });
});
