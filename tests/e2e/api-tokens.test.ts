import { describe, expect, it } from 'vitest';
import { adminHarness } from '../review-ui/admin-harness.js';
import { useBrowserHarness } from './use-browser-harness.js';

const { session, page } = useBrowserHarness('api-tokens', { harness: () => adminHarness(), login: 'admin' });

/** Axe (no violation of any impact) at 1280×900 and at 360×740; nothing may scroll sideways. */
const bothSizes = (name: string) => session.checkBoth(name);

const api = (token: string) => fetch(`${session.base}/api/v1/items`, { headers: { authorization: `Bearer ${token}` } });

describe('API tokens in Chromium (admin)', () => {
  let token = '';

  it('the empty page and a refused form are accessible on desktop and phone', async () => {
    await session.goto('/admin/api-tokens');
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
    await session.goto('/admin/api-tokens');
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
