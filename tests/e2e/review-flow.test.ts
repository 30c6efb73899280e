import { join } from 'node:path';
import type { Page } from 'puppeteer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { harness, type Harness } from '../review-ui/harness.js';
import { openBrowserSession, type BrowserSession } from './browser-session.js';

let h: Harness;
let session: BrowserSession;
let base = '';
let page: Page;

beforeAll(async () => {
  h = await harness();
  session = await openBrowserSession(h.app, join(import.meta.dirname, '..', 'artifacts', 'e2e-review'));
  ({ base, page } = session);
}, 120_000);

afterAll(async () => {
  await session?.close();
  await h?.close();
});

const check = (name: string) => session.check(name);
const submit = (selector: string) => session.submit(selector);
const login = (username: string) => session.login(username);

async function logout(): Promise<void> {
  await submit('form[action="/logout"] button');
  expect(new URL(page.url()).pathname).toBe('/login');
}

describe('review flow in Chromium', () => {
  let itemPath = '';
  let claimPath = '';
  let responsePath = '';

  it('reviewer: login page, then the queue', async () => {
    await page.goto(`${base}/login`, { waitUntil: 'domcontentloaded' });
    await check('01-login');
    await login('reviewer');
    expect(new URL(page.url()).pathname).toBe('/queue');
    await check('02-queue');
  });

  it('reviewer: filters the queue by label and a search without diacritics', async () => {
    await page.click('form.filters summary'); // the extra filters are folded away until used
    await page.select('#label', 'covid_false');
    await page.type('#q', 'toi chua khoi');
    await submit('form.filters .actions button[type=submit]');
    const url = new URL(page.url());
    expect(url.searchParams.get('label')).toBe('covid_false');
    const titles = await page.$$eval('ol.queue h2 a', (as) => as.map((a) => a.textContent));
    expect(titles).toEqual(expect.arrayContaining(['Uống nước tỏi chữa khỏi COVID', 'Tỏi chữa khỏi bệnh']));
    expect(titles).toHaveLength(2);
    await check('03-queue-filtered');
  });

  it('reviewer: opens an item with highlighted spans and records a verdict', async () => {
    await submit('ol.queue li:last-child h2 a');
    itemPath = new URL(page.url()).pathname;
    expect(await page.$$eval('.text mark.hl', (m) => m.map((x) => x.textContent))).toEqual(['tỏi', 'chữa khỏi']);
    await check('04-item');
    await page.click('input[name=verdict][value=false]');
    await page.type('#reason', 'Bộ Y tế khẳng định tỏi không chữa được COVID');
    await submit('form[action$="/verdict"] button[type=submit]');
    expect(await page.$eval('.flash.ok', (e) => e.textContent)).toBe('Đã lưu kết luận.');
    expect(await page.$eval('.badge.verdict', (e) => e.textContent)).toBe('Sai sự thật');
  });

  it('reviewer: groups items into a claim and decides it', async () => {
    // The statement starts empty: the reviewer words the claim, the post's words are not copied.
    expect(await page.$eval('#statement', (e) => (e as HTMLTextAreaElement).value)).toBe('');
    await page.type('#statement', 'Uống nước tỏi chữa khỏi COVID');
    await submit('form[action$="/claims"] button[type=submit]');
    claimPath = new URL(page.url()).pathname;
    expect(claimPath).toMatch(/^\/claims\/\d+$/);
    await submit('#sugg-h ~ ul form button'); // confirm the first suggested similar item
    expect(await page.$eval('#members-h', (e) => e.textContent)).toContain('(2)');
    await page.select('#verdict', 'false');
    await page.type('#reason', 'Không có bằng chứng khoa học');
    await submit(`form[action="${claimPath}/verdict"] button[type=submit]`);
    await check('05-claim');
  });

  it('reviewer: drafts a response from a template with a source', async () => {
    await submit(`a[href="${claimPath}/responses/new"]`);
    // The claim took the item's verdict: "Soạn phản hồi" was there at once. A template is inserted
    // after what was typed, never over it.
    await page.type('#body', 'Lời mở đầu của tôi.');
    await page.select('#template', 'covid-false');
    await submit(`button[formaction="${claimPath}/responses/insert"]`);
    const body = await page.$eval('#body', (e) => (e as HTMLTextAreaElement).value);
    expect(body).toContain('là Sai sự thật');
    expect(body.startsWith('Lời mở đầu của tôi.')).toBe(true);
    await page.type('#su0', 'https://moh.gov.vn/canh-bao-tin-gia');
    await page.type('#st0', 'Bộ Y tế: cảnh báo tin giả');
    await check('06-response-editor');
    await submit(`form[action="${claimPath}/responses"] button[type=submit]:not([formaction])`);
    responsePath = new URL(page.url()).pathname;
    expect(responsePath).toMatch(/^\/responses\/\d+$/);
    const text = await page.$eval('#response-text', (e) => (e as HTMLTextAreaElement).value);
    expect(text).toContain('- Bộ Y tế: cảnh báo tin giả: https://moh.gov.vn/canh-bao-tin-gia');
    expect(await page.$eval('button[data-copy]', (b) => (b as HTMLButtonElement).hidden)).toBe(false); // the small script ran under CSP
    await check('07-response-draft');
    await logout();
  });

  it('admin: approves the response', async () => {
    await login('admin');
    await page.goto(`${base}/responses?status=draft`, { waitUntil: 'domcontentloaded' });
    await check('08-responses-admin');
    await submit(`a[href="${responsePath}"]`);
    await submit(`form[action="${responsePath}/approve"] button`);
    expect(await page.$eval('.flash.ok', (e) => e.textContent)).toBe('Đã duyệt phản hồi.');
    await check('09-response-approved');
    const id = Number(responsePath.split('/').pop());
    expect((await h.store.responses.get(id))!.status).toBe('approved');
  });

  it('admin: grievances and the audit log', async () => {
    await page.goto(`${base}/grievances`, { waitUntil: 'domcontentloaded' });
    await check('10-grievances');
    await page.goto(`${base}/admin/audit?verify=1`, { waitUntil: 'domcontentloaded' });
    expect(await page.$eval('.flash', (e) => e.textContent)).toMatch(/Chuỗi băm hợp lệ/);
    await check('11-audit');
  });

  it('fits a 360 px phone without horizontal scrolling', async () => {
    await page.setViewport({ width: 360, height: 740 });
    for (const path of ['/queue', itemPath, claimPath, responsePath, '/admin/audit']) {
      await page.goto(`${base}${path}`, { waitUntil: 'domcontentloaded' });
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect({ path, overflow }).toEqual({ path, overflow: 0 });
    }
    await page.goto(`${base}${itemPath}`, { waitUntil: 'domcontentloaded' });
    await check('12-item-phone');
    await page.goto(`${base}/queue?lang=en`, { waitUntil: 'domcontentloaded' });
    await check('13-queue-phone-en');
  });
});
