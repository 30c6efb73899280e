import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import YAML from 'yaml';
import { isoWeek } from '../../src/digest/iso-week.js';
import { runDigest } from '../../src/jobs/digest-job.js';
import { adminHarness } from '../review-ui/admin-harness.js';
import { CHROMIUM, DESKTOP, PHONE } from './browser-session.js';
import { useBrowserHarness } from './use-browser-harness.js';

const RULE = 'grievance.unpaid-wages';

const { h, session, page } = useBrowserHarness('admin', { harness: () => adminHarness() });
const goto = (path: string) => session.goto(path);
const check = (name: string) => session.check(name);
const submit = (selector: string) => session.submit(selector);

describe('admin in Chromium', () => {
  it('admin signs in and sees the rules with their figures', async () => {
    await session.login('admin');
    await goto('/admin/rules');
    expect(await page.$eval('main', (m) => m.textContent)).toContain(RULE);
    await check('01-rules');
  }, 90_000);

  it('backtests an edited rule, then saves it as a new version', async () => {
    await goto(`/admin/rules/${RULE}`);
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
    expect((v1.spec as { shadow?: boolean }).shadow).toBe(true);
    await check('03-rule-saved');
  }, 90_000);

  it('digest list and a real digest page', async () => {
    await runDigest(h.store, { week: isoWeek(2026, 47, 'Asia/Ho_Chi_Minh'), lang: 'vi', outDir: join(h.dir, 'digest'), chromiumPath: CHROMIUM, browser: session.browser, rulesDir: 'rules' });
    await goto('/digests');
    await check('04-digests');
    await submit('main table a[href^="/digests/"]');
    expect(await page.$$eval('svg', (s) => s.length)).toBe(3);
    expect(await page.$eval('h1', (x) => x.textContent)).toBe('Bản tin tình hình tuần');
    await page.screenshot({ path: join(session.artifacts, '05-digest.png'), fullPage: true });
  }, 90_000);

  it('a data-subject request: record, find, confirm deletion (accessible pages)', async () => {
    await goto('/admin/requests');
    await check('10-requests');
    await page.select('#kind', 'deletion');
    await page.type('#value', '@NguoiDung_2');
    await page.type('#requester', 'thư điện tử ngày 20/11');
    await submit('form[action="/admin/requests"] button[type=submit]');
    const requestPath = new URL(page.url()).pathname;
    expect(requestPath).toMatch(/^\/admin\/requests\/\d+$/);
    await check('11-request');
    // The list shows only a masked hint, never the handle itself.
    await goto('/admin/requests');
    expect((await page.$eval('main', (m) => m.textContent))?.toLowerCase()).not.toContain('nguoidung_2');
    await goto(requestPath);
    await submit('form[action$="/find"] button');
    expect(await page.$$eval('#found a[href^="/items/"]', (a) => a.length)).toBe(1);
    await check('12-request-found');
    await submit('a[href$="/delete"]');
    await check('13-request-delete');
    await page.click('input[name=confirm]');
    await submit('form[action$="/delete"] button[type=submit]');
    const erased = await h.store.db.all<{ n: number }>(`SELECT count(*) AS n FROM item_authors WHERE raw_author = 'nguoidung_2'`);
    expect(erased[0].n).toBe(0);
    expect(await h.store.db.all('SELECT kind FROM suppressions')).not.toHaveLength(0);
  }, 120_000);

  it('sources, users and model pages', async () => {
    for (const [path, name] of [['/admin/sources', '06-sources'], ['/admin/sources/new', '07-source-new'], ['/admin/users', '08-users'], ['/admin/units', '08b-units'], ['/admin/model', '09-model']]) {
      const res = await goto(path);
      expect(res?.status(), path).toBe(200);
      await check(name);
      // On a phone nothing widens the page (a table scrolls in its own wrap, hidden labels with it).
      await page.setViewport(PHONE);
      expect({ path, overflow: await session.overflow() }).toEqual({ path, overflow: 0 });
      await page.setViewport(DESKTOP);
    }
  }, 120_000);

  it('retrains and shows the evaluation figures', async () => {
    await goto('/admin/model');
    await submit('#retrain');
    expect(await page.$eval('details.model-figures', (d) => d.textContent)).toContain('Tập kiểm tra độc lập');
    await check('09b-model-figures');
  }, 180_000);
});
