import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingest } from '../../src/jobs/ingest.js';
import { installationSecret } from '../../src/privacy/installation-secret.js';
import { Client, harness, type Harness } from './harness.js';
import { keywordClassifier } from './keyword-classifier.js';

let h: Harness;
beforeAll(async () => {
  h = await harness();
});
afterAll(() => h.close());

const ids = (html: string) => [...html.matchAll(/href="\/items\/(\d+)"/g)].map((m) => Number(m[1]));
const watchIds = async () => (await h.store.watchlists.list()).map((w) => w.id);

describe('watchlists (HTTP, app.request)', () => {
  let garlic: number;

  it('an admin saves a search; the queue opens on it with every matching item, flagged or not', async () => {
    const c = new Client(h);
    await c.login('admin');
    await c.page('/watchlists/new?q=t%E1%BB%8Fi');
    const res = await c.post('/watchlists', { name: 'Tỏi chữa bệnh', query: '"chua khoi" OR toi NOT "thoi tiet"', labels: 'covid_false' });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/watchlists');
    [garlic] = await watchIds();
    const w = (await h.store.watchlists.get(garlic))!;
    // NOT binds like AND, tighter than OR.
    expect([w.name, w.labels, w.unit, w.match]).toEqual(['Tỏi chữa bệnh', ['covid_false'], null, '("chua khoi" OR ("toi" NOT "thoi tiet"))']);
    const list = await c.page('/watchlists');
    expect(list.html).toContain(`href="/queue?watch=${garlic}"`);
    const q = await c.page(`/queue?watch=${garlic}`);
    expect(q.res.status).toBe(200);
    expect(ids(q.html).sort()).toEqual([h.ids[0], h.ids[1]].sort());
    expect(q.html).toContain('Tỏi chữa bệnh');
    // A typed search narrows the watchlist (AND), it does not replace it.
    expect(ids((await c.page(`/queue?watch=${garlic}&q=sang`)).html)).toEqual([h.ids[0]]);
  });

  it('the list counts matches new since this user\'s last visit; opening the queue on it resets the count', async () => {
    const c = new Client(h);
    await c.login('admin');
    await c.page(`/queue?watch=${garlic}`);
    expect((await c.page('/watchlists')).html).not.toMatch(/\d+ bài mới/);
    await ingest(h.store, [{ title: 'Lại tỏi', text: 'Nghe nói nước tỏi ngâm chữa khỏi COVID, chia sẻ ngay.', source: 'forum-a', unit: 'hanoi' }], { classifier: keywordClassifier, secret: installationSecret(h.dir), now: new Date('2026-11-20T02:00:00Z') });
    expect((await c.page('/watchlists')).html).toContain('1 bài mới');
    // Another user's visits are their own.
    const other = new Client(h);
    await other.login('viewer');
    expect((await other.page('/watchlists')).html).toContain('1 bài mới');
    await c.page(`/queue?watch=${garlic}`);
    expect((await c.page('/watchlists')).html).not.toContain('bài mới');
    expect((await other.page('/watchlists')).html).toContain('1 bài mới');
  });

  it('a search about an author is refused, with the error next to the field, and nothing is saved', async () => {
    const c = new Client(h);
    await c.login('reviewer');
    await c.page('/watchlists/new');
    const before = await watchIds();
    for (const query of ['@nguoidung_1', 'tỏi author:nguoidung_1', 'tác giả: nguoidung_1']) {
      const res = await c.post('/watchlists', { name: 'x', query });
      expect(res.status, query).toBe(400);
      const html = await res.text();
      expect(html).toContain('aria-invalid="true"');
      expect(html).toContain('aria-describedby="query-help query-error"');
      expect(html).toContain('không theo dõi người');
    }
    expect((await c.post('/watchlists', { name: 'x', query: 'NOT toi' })).status).toBe(400);
    expect(await watchIds()).toEqual(before);
  });

  it('a reviewer\'s watchlist covers their unit; another unit\'s reviewer cannot open or change it; viewers only read', async () => {
    const c = new Client(h);
    await c.login('reviewer');
    await c.page('/watchlists/new');
    expect((await c.post('/watchlists', { name: 'Nợ lương', query: '"no luong"', unit: 'hcm' })).status).toBe(303);
    const id = (await watchIds()).find((x) => x !== garlic)!;
    expect((await h.store.watchlists.get(id))!.unit).toBe('hanoi');
    const other = new Client(h);
    await other.login('reviewer2');
    expect((await other.get(`/queue?watch=${id}`)).status).toBe(404);
    expect((await other.page('/watchlists')).html).not.toContain('Nợ lương');
    expect((await other.post(`/watchlists/${id}/delete`, {})).status).toBe(404);
    const viewer = new Client(h);
    await viewer.login('viewer');
    expect((await viewer.page('/watchlists')).html).toContain('Nợ lương');
    expect((await viewer.post('/watchlists', { name: 'y', query: 'luong' })).status).toBe(403);
    expect((await c.post(`/watchlists/${id}/delete`, {})).status).toBe(303);
    expect(await h.store.watchlists.get(id)).toBeUndefined();
  });
});

describe('alerts page and badge', () => {
  let alertId: number;
  beforeAll(async () => {
    const [w] = await h.store.watchlists.list();
    alertId = (await h.store.db.write(() =>
      h.store.alerts.insert({
        kind: 'spike_hour', subjectType: 'watchlist', subjectId: String(w.id), subjectName: w.name, unit: 'hanoi',
        windowStart: '2026-11-19T00:00:00.000Z', windowEnd: '2026-11-19T01:00:00.000Z', count: 2, baseline: 0.02, pValue: 0.0002, itemIds: [h.ids[0], h.ids[1]], createdAt: '2026-11-19T00:30:00.000Z',
      }),
    ))!;
  });

  it('the navigation shows unseen alerts until the alerts page is opened', async () => {
    const c = new Client(h);
    await c.login('reviewer');
    const q = await c.page('/queue');
    expect(q.html).toMatch(/href="\/alerts"[^>]*>Cảnh báo <span class="navcount">1<\/span><span class="visually-hidden"> cảnh báo chưa xem<\/span>/);
    const list = await c.page('/alerts');
    expect(list.html).toContain(`href="/alerts/${alertId}"`);
    expect(list.html).toContain('Tăng đột biến trong giờ: Tỏi chữa bệnh');
    expect(list.html).toContain('2 bài (mức thường: 0,02)');
    expect(list.html).not.toContain('class="navcount"'); // seen as the page opens
    expect((await c.page('/queue')).html).not.toContain('class="navcount"');
  });

  it('an alert page lists its items and opens the queue on the watchlist over the window\'s days', async () => {
    const c = new Client(h);
    await c.login('admin');
    const { res, html } = await c.page(`/alerts/${alertId}`);
    expect(res.status).toBe(200);
    expect(ids(html)).toEqual([h.ids[0], h.ids[1]]);
    const [w] = await h.store.watchlists.list();
    expect(html).toContain(`href="/queue?watch=${w.id}&amp;all=1&amp;from=2026-11-19&amp;to=2026-11-19"`);
    expect(html).not.toContain('nguoidung_1');
  });

  it('another unit\'s reviewer neither sees nor counts it', async () => {
    const c = new Client(h);
    await c.login('reviewer2');
    expect((await c.page('/queue')).html).not.toContain('class="navcount"');
    expect((await c.get(`/alerts/${alertId}`)).status).toBe(404);
    expect((await c.page('/alerts')).html).not.toContain(`/alerts/${alertId}"`);
  });
});
