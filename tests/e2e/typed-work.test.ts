import { describe, expect, it } from 'vitest';
import { PASSWORD } from '../review-ui/harness.js';
import { PHONE } from './browser-session.js';
import { useBrowserHarness } from './use-browser-harness.js';

// Issue 13, point 2 (typed work survives an expired session) and point 1 (the follow-up pages on a
// phone), walked in real Chromium with axe.
const { h, session, page } = useBrowserHarness('typed-work');
const goto = (path: string) => session.goto(path);

const value = (sel: string) => page.$eval(sel, (e) => (e as HTMLInputElement).value);

describe('typed work in Chromium', { timeout: 120_000 }, () => {
  it('a verdict typed when the session expired comes back after signing in again', { timeout: 120_000 }, async () => {
    await session.login('reviewer');
    const itemPath = `/items/${h.ids[1]}`;
    await goto(itemPath);
    await page.click('input[name=verdict][value=false]');
    await page.type('#reason', 'Bộ Y tế khẳng định ăn tỏi không chữa được COVID');
    await page.type('#note', 'Đối chiếu với thông báo ngày 12/3');
    h.now.value = new Date(h.now.value.getTime() + 3 * 60 * 60_000); // idle past the session's lifetime

    await session.submit('form[action$="/verdict"] button[type=submit]');
    const login = new URL(page.url());
    expect(login.pathname).toBe('/login');
    expect(login.searchParams.get('next')).toBe(itemPath);
    expect(await page.$eval('main', (m) => m.textContent)).toContain('Phiên làm việc đã hết hạn');
    await session.checkBoth('01-login-expired');
    expect(await h.store.verdicts.forItem(h.ids[1])).toEqual([]);

    await page.type('#username', 'reviewer');
    await page.type('#password', PASSWORD);
    await session.submit('form[action="/login"] button[type=submit]');
    expect(new URL(page.url()).pathname).toBe(itemPath);
    expect(await value('#reason')).toBe('Bộ Y tế khẳng định ăn tỏi không chữa được COVID');
    expect(await value('#note')).toBe('Đối chiếu với thông báo ngày 12/3');
    expect(await page.$eval('input[name=verdict][value=false]', (e) => (e as HTMLInputElement).checked)).toBe(true);
    expect(await page.$eval('.flash.draft', (e) => e.textContent)).toContain('Đã khôi phục');
    await session.checkBoth('02-item-draft-restored');

    await session.submit('form[action$="/verdict"] button[type=submit]');
    expect(await page.$eval('.flash.ok', (e) => e.textContent)).toBe('Đã lưu kết luận.');
    expect((await h.store.verdicts.forItem(h.ids[1]))[0]).toMatchObject({ verdict: 'false', note: 'Đối chiếu với thông báo ngày 12/3' });
    await page.reload({ waitUntil: 'domcontentloaded' });
    expect(await value('#reason')).toBe(''); // saved: the draft is gone
    expect(await page.$('.flash.draft')).toBeNull();
  });

  it('a refused verdict keeps every typed value, with the error at its field, on a phone', async () => {
    await page.setViewport(PHONE);
    await goto(`/items/${h.ids[0]}`);
    await page.click('input[name=verdict][value=misleading]');
    await page.type('#reason', '   '); // passes the browser's "required", refused by the server
    await page.type('#note', 'Ghi chú dài đã gõ, không được mất');
    await session.submit('form[action$="/verdict"] button[type=submit]');
    expect(await page.$eval('input[name=verdict][value=misleading]', (e) => (e as HTMLInputElement).checked)).toBe(true);
    expect(await value('#note')).toBe('Ghi chú dài đã gõ, không được mất');
    expect(await page.$eval('#reason', (e) => e.getAttribute('aria-invalid'))).toBe('true');
    expect((await page.$eval('#reason', (e) => e.getAttribute('aria-describedby')))?.split(' ')).toContain('reason-error');
    expect(await page.$eval('#reason-error', (e) => e.textContent)).toBeTruthy();
    // On a phone the error is on screen, at the field, not at the top of a long page.
    const at = await page.$eval('#reason-error', (e) => e.getBoundingClientRect().top);
    expect(at).toBeGreaterThanOrEqual(0);
    expect(at).toBeLessThan(PHONE.height);
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('reason');
    await session.checkBoth('05-verdict-refused');
    expect(await h.store.verdicts.forItem(h.ids[0])).toEqual([]);
  }, 90_000);

  it('a new claim takes its item verdict; a response typed when the session was ended comes back after signing in', async () => {
    await goto(`/items/${h.ids[1]}`);
    expect(await page.$eval('#claim-form', (f) => f.textContent)).toContain('Sai sự thật'); // says it will take the item's verdict
    await page.type('#statement', 'Ăn tỏi sống chữa khỏi COVID');
    await session.submit('#claim-form button[type=submit]');
    const claimPath = new URL(page.url()).pathname;
    expect(claimPath).toMatch(/^\/claims\/\d+$/);
    expect(await page.$eval('#verdict', (e) => (e as HTMLSelectElement).value)).toBe('false');
    await session.submit(`a[href="${claimPath}/responses/new"]`); // "Soạn phản hồi" is there at once
    const editorPath = new URL(page.url()).pathname;
    await page.type('#body', 'Bản nháp dài gõ trên điện thoại.');
    await page.type('#su0', 'https://moh.gov.vn/tin-gia');
    await page.type('#st0', 'Bộ Y tế');
    await h.store.db.run('DELETE FROM sessions'); // the session is ended elsewhere (sign-out on another device, an admin)
    await session.submit(`form[action="${claimPath}/responses"] button[type=submit]:not([formaction])`);
    expect(new URL(page.url()).pathname).toBe('/login');
    expect(await page.$eval('main', (m) => m.textContent)).toContain('Phiên làm việc đã hết hạn');
    await page.type('#username', 'reviewer');
    await page.type('#password', PASSWORD);
    await session.submit('form[action="/login"] button[type=submit]');
    expect(new URL(page.url()).pathname).toBe(editorPath);
    expect(await value('#body')).toBe('Bản nháp dài gõ trên điện thoại.');
    expect(await value('#su0')).toBe('https://moh.gov.vn/tin-gia');
    expect(await value('#st0')).toBe('Bộ Y tế');
    await session.checkBoth('06-response-draft-restored');
  }, 120_000);

  it('a grievance cannot be given a false verdict, join a claim or be answered, and the screens say why', async () => {
    const id = h.ids[3];
    await goto(`/items/${id}`);
    expect(await page.$eval('#grievance-held', (e) => e.textContent)).toContain('không phản bác');
    for (const v of ['false', 'misleading']) expect(await page.$eval(`input[name=verdict][value=${v}]`, (e) => (e as HTMLInputElement).disabled), v).toBe(true);
    expect(await page.$('#claim-form')).toBeNull(); // no "new claim" form, and the reason instead
    expect(await page.$eval('main', (m) => m.textContent)).toContain('không được đưa vào luận điệu');
    await session.checkBoth('07-item-grievance');
    // Even with the radio re-enabled in the browser's developer tools, the server refuses and says why.
    await page.$eval('input[name=verdict][value=false]', (e) => ((e as HTMLInputElement).disabled = false));
    await page.click('input[name=verdict][value=false]');
    await page.type('#reason', 'Công ty nói đã trả đủ');
    await session.submit('form[action$="/verdict"] button[type=submit]');
    expect(await page.$eval('main', (m) => m.textContent)).toContain('không thể kết luận “Sai sự thật”');
    expect(await value('#reason')).toBe('Công ty nói đã trả đủ');
    expect(await h.store.verdicts.forItem(id)).toEqual([]);
    // No claim page offers it as a member, and nothing under /claims holds it.
    const held = await h.store.db.all('SELECT 1 FROM claim_items WHERE item_id = ?', [id]);
    expect(held).toEqual([]);
  }, 120_000);

  it('the follow-up: unit, owner, due date and history; the update comes back to the card; the list filters; all on a phone', async () => {
    const id = h.ids[3];
    await goto('/grievances');
    await session.checkBoth('08-grievances');
    await page.setViewport(PHONE);
    await session.submit(`a[href="/grievances/${id}"]`);
    await page.select('#g-status', 'forwarded');
    await page.select('#g-unit', 'hcm');
    const owner = await page.$$eval('#g-owner option', (o) => o.map((x) => [(x as HTMLOptionElement).value, x.textContent ?? '']).find(([v, text]) => v && text.startsWith('reviewer2')));
    expect(owner).toBeTruthy();
    await page.select('#g-owner', owner![0]);
    await page.$eval('#g-due', (e) => ((e as HTMLInputElement).value = '2026-11-18')); // before today (20/11): overdue
    await page.type('#g-note', 'Chuyển công đoàn KCX');
    await session.submit(`form[action="/grievances/${id}"] button[type=submit]`);
    const url = new URL(page.url());
    expect(url.pathname + url.hash).toBe(`/grievances/${id}#followup`);
    expect(await page.$eval('.flash.ok', (e) => e.textContent)).toBeTruthy();
    // The page is at the card, not back at the top.
    const top = await page.$eval('#followup', (e) => e.getBoundingClientRect().top);
    expect(Math.abs(top)).toBeLessThan(PHONE.height / 2);
    const facts = await page.$eval('#followup dl', (d) => d.textContent ?? '');
    expect(facts).toContain('reviewer2');
    expect(facts).toContain('18/11/2026');
    expect(facts).toContain('Quá hạn');
    const history = await page.$$eval('ol.history li', (l) => l.map((x) => x.textContent ?? ''));
    expect(history.some((x) => x.includes('Chuyển công đoàn KCX') && x.includes('reviewer2') && x.includes('18/11/2026'))).toBe(true);
    expect(await session.overflow()).toBe(0);
    await session.checkBoth('09-grievance-followup');

    // An admin's list filters by unit (the list of units), status and overdue.
    await session.submit('form[action="/logout"] button');
    await session.login('admin');
    const ids = async (query: string) => {
      await goto(`/grievances?${query}`);
      return page.$$eval('ul.cards li', (l) => l.map((x) => x.id));
    };
    expect(await ids('unit=hcm&status=forwarded&overdue=1')).toEqual([`g${id}`]);
    expect(await ids('unit=hanoi')).toEqual([`g${id}`]); // the post's own unit still sees what it forwarded
    expect(await ids('unit=hq')).toEqual([]);
    expect(await ids('status=open')).toEqual([]);
    await page.setViewport(PHONE);
    await goto('/grievances');
    await page.select('#gf-unit', 'hcm');
    await page.click('input[name=overdue]');
    await session.submit('form[action="/grievances"] button[type=submit]');
    expect(new URL(page.url()).search).toContain('overdue=1');
    expect(await page.$$eval('ul.cards li', (l) => l.map((x) => x.id))).toEqual([`g${id}`]);
    await session.checkBoth('10-grievances-filtered');

    // Closed by an admin with a finding: the item says so, and still offers no counter-response.
    await session.submit(`ul.cards a[href="/grievances/${id}"]`);
    await page.select('#g-status', 'resolved');
    await page.type('#g-finding', 'Công ty đã trả đủ lương ngày 25/11, công đoàn cơ sở xác nhận');
    await session.submit(`form[action="/grievances/${id}"] button[type=submit]`);
    expect(await page.$eval('#followup dl', (d) => d.textContent)).toContain('Công ty đã trả đủ lương');
    await goto(`/items/${id}`);
    expect(await page.$eval('#grievance-held', (e) => e.textContent)).toContain('không soạn phản hồi phản bác');
  }, 180_000);
});
