import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseSourceFile } from '../../crawlers/source-schema.js';
import { serveRecipeSites, type RecipeSites } from '../fixtures/sites/recipe-sites.js';
import { adminHarness } from '../review-ui/admin-harness.js';
import { DESKTOP, PHONE } from './browser-session.js';
import { useBrowserHarness } from './use-browser-harness.js';

// The fixture sites the previews read, on 127.0.0.1 (let through the crawler's address guard).
let sites: RecipeSites;
beforeAll(async () => {
  sites = await serveRecipeSites();
});
afterAll(async () => {
  await sites?.close();
});
const { h, session, page } = useBrowserHarness('source-recipes', { harness: () => adminHarness({ KC_CRAWL_ALLOW_HOSTS: '127.0.0.1' }), login: 'admin' });

const selectorsShown = () => page.$eval('#selectors', (f) => getComputedStyle(f).display !== 'none');
const overflow = () => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);

async function fill(recipe: string, url: string, name: string) {
  await session.goto('/admin/sources/new');
  await page.select('#recipe', recipe);
  await page.type('#url', url);
  await page.type('#name', name);
  await page.select('#unit', 'hanoi');
}

describe('source recipe form in Chromium', () => {
  it('1280×900: a WordPress site is previewed, then saved as a source of the chosen unit', async () => {
    await page.setViewport(DESKTOP);
    await session.goto('/admin/sources/new');
    expect(await page.$('textarea')).toBeNull();
    expect(await page.$('#save')).toBeNull();
    // Selectors are only for "other HTML page" (CSS only, no script).
    expect(await selectorsShown()).toBe(false);
    await page.select('#recipe', 'html');
    expect(await selectorsShown()).toBe(true);
    await session.check('01-new-form');

    await fill('wordpress', `${sites.wordpress.origin}/`, 'Góc Người Lao Động');
    await page.select('#schedule', '*/30 * * * *');
    await session.submit('#preview');
    const preview = await page.$eval('#source-preview', (s) => s.textContent ?? '');
    expect(preview).toContain('Lương tối thiểu vùng tăng từ 1/1: doanh nghiệp phải điều chỉnh thang lương');
    expect(preview).toContain('30/11/2026 09:15'); // 02:15 UTC in KC_TZ
    expect(preview).toContain('Công đoàn cơ sở cần rà soát thang lương');
    expect(await page.$$eval('#source-preview li', (l) => l.length)).toBe(3);
    // What was typed is still there.
    expect(await page.$eval('#name', (i) => (i as HTMLInputElement).value)).toBe('Góc Người Lao Động');
    await session.check('02-wordpress-preview');

    await session.submit('#save');
    expect(new URL(page.url()).pathname).toBe('/admin/sources');
    expect(await page.$eval('.flash', (f) => f.className)).toContain('ok');
    expect(await page.$eval('main', (m) => m.textContent)).toContain('goc-nguoi-lao-dong');
    const file = join(h.sourcesDir, 'goc-nguoi-lao-dong.yaml');
    expect(parseSourceFile(await readFile(file, 'utf8'), file).source).toMatchObject({ type: 'wordpress', unit: 'hanoi', schedule: '*/30 * * * *' });
    await session.check('03-saved');
  }, 120_000);

  it('1280×900: a refused preview says why at the field, with the typed values kept', async () => {
    await fill('rss', `${sites.generic.origin}/ban-tin`, 'Trang không có RSS');
    await session.submit('#preview');
    expect(await page.$eval('#source-problem', (p) => p.textContent)).toContain('không khai báo nguồn tin RSS/Atom nào');
    expect(await page.$('#save')).toBeNull();
    await page.select('#recipe', 'html');
    await session.submit('#preview');
    expect(await page.$eval('[id="select.item"]', (i) => i.getAttribute('aria-invalid'))).toBe('true');
    expect(await page.$eval('[id="select.item"]', (i) => i.getAttribute('aria-describedby'))).toBe('select.item-error');
    expect(await selectorsShown()).toBe(true);
    await session.check('04-errors');
  }, 120_000);

  it('360×740: a Telegram channel and a Mastodon hashtag preview on a phone, nothing wider than the screen', async () => {
    await page.setViewport(PHONE);
    await fill('telegram', `${sites.telegram.origin}/congdoan_kcn_vidu`, 'Công đoàn KCN trên Telegram');
    expect(await overflow()).toBeLessThanOrEqual(0);
    await session.check('05-phone-form');
    await session.submit('#preview');
    expect(await page.$eval('#source-preview', (s) => s.textContent)).toContain('tư vấn pháp luật lao động miễn phí');
    expect(await overflow()).toBeLessThanOrEqual(0);
    await session.check('06-phone-telegram-preview');

    await fill('mastodon', `${sites.mastodonClosed.origin}/tags/luongtoithieu`, 'Hashtag lương tối thiểu');
    await session.submit('#preview');
    expect(await page.$eval('#source-preview', (s) => s.textContent)).toContain('Xưởng mình đã nhận bảng lương mới');
    expect(await overflow()).toBeLessThanOrEqual(0);
    await session.check('07-phone-mastodon-preview');
  }, 120_000);
});
