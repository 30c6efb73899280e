import { join } from 'node:path';
import type { Page } from 'puppeteer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminHarness } from '../review-ui/admin-harness.js';
import { openBrowserSession, type BrowserSession } from './browser-session.js';

let h: Awaited<ReturnType<typeof adminHarness>>;
let session: BrowserSession;
let page: Page;
let base = '';

beforeAll(async () => {
  h = await adminHarness();
  session = await openBrowserSession(h.app, join(import.meta.dirname, '..', 'artifacts', 'e2e-api-tokens'));
  ({ base, page } = session);
  await session.login('admin');
}, 120_000);

afterAll(async () => {
  await session?.close();
  await h?.close();
});

/** Screenshot + axe (no violation of any impact) at 1280×900 and at 360×740, where nothing may scroll sideways. */
async function bothSizes(name: string): Promise<void> {
  await page.setViewport({ width: 1280, height: 900 });
  await session.check(`${name}-1280`);
  await page.setViewport({ width: 360, height: 740 });
  const w = await page.evaluate(() => ({ doc: document.documentElement.scrollWidth, view: window.innerWidth }));
  expect(w.doc, `${name}: page wider than the phone`).toBeLessThanOrEqual(w.view);
  await session.check(`${name}-360`);
  await page.setViewport({ width: 1280, height: 900 });
}

const api = (token: string) => fetch(`${base}/api/v1/items`, { headers: { authorization: `Bearer ${token}` } });

describe('API tokens in Chromium (admin)', () => {
  let token = '';

  it('the empty page and a refused form are accessible on desktop and phone', async () => {
    await page.goto(`${base}/admin/api-tokens`, { waitUntil: 'domcontentloaded' });
    expect(await page.$eval('h1', (x) => x.textContent)).toBe('Mã truy cập API');
    await bothSizes('01-empty');
    // A past expiry date: refused next to the field, with what was typed kept.
    await page.type('#name', 'Bảng điều khiển Ban Tuyên giáo');
    await page.$eval('#expires', (e) => ((e as HTMLInputElement).value = '2026-01-01'));
    await session.submit('form[action="/admin/api-tokens"] button[type=submit]');
    expect(await page.$eval('#expires', (e) => e.getAttribute('aria-invalid'))).toBe('true');
    expect(await page.$eval('#expires', (e) => e.getAttribute('aria-describedby'))).toBe('expires-error expires-help');
    expect(await page.$eval('#name', (e) => (e as HTMLInputElement).value)).toBe('Bảng điều khiển Ban Tuyên giáo');
    await bothSizes('02-refused');
  }, 120_000);

  it('creates a token for one unit and shows it once', async () => {
    await page.$eval('#expires', (e) => ((e as HTMLInputElement).value = ''));
    await page.select('#unit', 'hanoi');
    await session.submit('form[action="/admin/api-tokens"] button[type=submit]');
    expect(new URL(page.url()).pathname).toMatch(/^\/admin\/api-tokens\/\d+\/created$/);
    token = await page.$eval('#new-token', (e) => (e as HTMLTextAreaElement).value.trim());
    expect(token).toMatch(/^kcapi_[A-Za-z0-9_-]{43}$/);
    await bothSizes('03-created');
    const res = await api(token);
    expect(res.status).toBe(200);
    const units = new Set(((await res.json()) as { data: { unit: string }[] }).data.map((i) => i.unit));
    expect(units).toEqual(new Set(['hanoi']));
    await page.reload({ waitUntil: 'domcontentloaded' });
    expect(await page.$('#new-token')).toBeNull();
    expect(await page.$eval('main', (m) => m.textContent)).toContain('không thể xem lại');
  }, 120_000);

  it('lists the token with its last use, and revokes it', async () => {
    await page.goto(`${base}/admin/api-tokens`, { waitUntil: 'domcontentloaded' });
    const card = await page.$eval('li.card', (li) => li.textContent ?? '');
    expect(card).toContain('Bảng điều khiển Ban Tuyên giáo');
    expect(card).toContain('Đang hoạt động');
    expect(card).not.toContain('Chưa dùng');
    await bothSizes('04-list');
    await session.submit('li.card form[action$="/revoke"] button');
    expect(await page.$eval('.flash', (f) => f.textContent)).toContain('Đã thu hồi mã');
    expect(await page.$eval('li.card', (li) => li.textContent)).toContain('Đã thu hồi');
    await bothSizes('05-revoked');
    expect((await api(token)).status).toBe(401);
  }, 120_000);
});
