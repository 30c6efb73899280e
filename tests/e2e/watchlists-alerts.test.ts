import { describe, expect, it } from 'vitest';
import { useBrowserHarness } from './use-browser-harness.js';

// Issue 15, §1: saving a watchlist (a refused author search first), the queue opened on it, the
// alerts badge, list and page — in real Chromium at 1280×900 and 360×740, axe clean, no overflow.
const { h, session, page } = useBrowserHarness('watchlists-alerts');

const text = (sel: string) => page.$eval(sel, (e) => e.textContent ?? '');

describe('watchlists and alerts in Chromium', { timeout: 180_000 }, () => {
  it('a reviewer saves a watchlist (an author search is refused at its field) and opens the queue on it', { timeout: 180_000 }, async () => {
    await session.login('reviewer');
    await session.goto('/watchlists');
    expect(await text('main')).toContain('Chưa có danh sách theo dõi nào');
    await session.checkBoth('01-watchlists-empty');
    await session.submit('a[href="/watchlists/new"]');
    await page.type('#name', 'Tỏi chữa COVID');
    await page.type('#query', '@nguoidung_1 tỏi');
    await page.click('input[name=labels][value=covid_false]');
    await session.submit('form[action="/watchlists"] button[type=submit]');
    expect(await page.$eval('#query', (e) => e.getAttribute('aria-invalid'))).toBe('true');
    expect(await text('#query-error')).toContain('không theo dõi người');
    // What was typed is still there to correct.
    expect(await page.$eval('#name', (e) => (e as HTMLInputElement).value)).toBe('Tỏi chữa COVID');
    await session.checkBoth('02-watchlist-author-refused');
    await page.$eval('#query', (e) => ((e as HTMLInputElement).value = ''));
    await page.type('#query', '"chua khoi" OR toi');
    await session.submit('form[action="/watchlists"] button[type=submit]');
    expect(new URL(page.url()).pathname).toBe('/watchlists');
    const [w] = await h.store.watchlists.list();
    expect([w.name, w.unit, w.labels]).toEqual(['Tỏi chữa COVID', 'hanoi', ['covid_false']]);
    await session.checkBoth('03-watchlists');
    await session.submit(`a[href="/queue?watch=${w.id}"]`);
    expect(await text('.watching')).toContain('Tỏi chữa COVID');
    const shown = await page.$$eval('ol.queue a[href^="/items/"]', (as) => as.map((a) => a.getAttribute('href')));
    expect(shown.sort()).toEqual([`/items/${h.ids[0]}`, `/items/${h.ids[1]}`].sort());
    await session.checkBoth('04-queue-on-watchlist');
  });

  it('a new alert shows in the navigation badge; its page lists the items', { timeout: 180_000 }, async () => {
    const [w] = await h.store.watchlists.list();
    const id = (await h.store.db.write(() =>
      h.store.alerts.insert({
        kind: 'spike_hour', subjectType: 'watchlist', subjectId: String(w.id), subjectName: w.name, unit: w.unit,
        windowStart: '2026-11-19T00:00:00.000Z', windowEnd: '2026-11-19T01:00:00.000Z', count: 7, baseline: 0.4, pValue: 0.00001, itemIds: [h.ids[0], h.ids[1]], createdAt: '2026-11-19T00:40:00.000Z',
      }),
    ))!;
    await session.goto('/queue');
    expect(await text('header nav a[href="/alerts"]')).toMatch(/Cảnh báo\s*1\s*cảnh báo chưa xem/);
    await session.checkBoth('05-queue-with-alert-badge');
    await session.submit('header nav a[href="/alerts"]');
    expect(await text('main')).toContain('Tăng đột biến trong giờ: Tỏi chữa COVID');
    expect(await text('main')).toContain('7 bài (mức thường: 0,4)');
    expect(await page.$('header nav .navcount')).toBeNull();
    await session.checkBoth('06-alerts');
    await session.submit(`a[href="/alerts/${id}"]`);
    expect(await page.$$eval('main a[href^="/items/"]', (as) => as.length)).toBe(2);
    expect(await page.$('header nav .navcount')).toBeNull();
    await session.checkBoth('07-alert');
  });
});
