import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClaimFromItem, decideClaim } from '../../src/review/claim-service.js';
import { draftResponse } from '../../src/review/response-service.js';
import { ingest } from '../../src/jobs/ingest.js';
import type { RawItem } from '../../src/types.js';
import { Client, DEFAULT_ITEMS, harness, type Harness } from './harness.js';
import { keywordClassifier } from './keyword-classifier.js';

const WORDS = ('nhà máy công nhân ca đêm tăng phụ cấp xăng xe tiền ăn bảo hộ lao động hợp đồng thử việc khu nghiệp ký túc xá bệnh viện vắc xin '
  + 'khẩu trang xét nghiệm lương tháng thưởng tết nghỉ phép điện nước chợ trường học con cái quê nhà mùa mưa bão lũ đường sá cầu cống giá cả thị trường '
  + 'rau củ thịt cá gạo muối đường sữa').split(' ');
/** Distinct texts (far apart for simhash dedupe) with a given keyword. */
function text(i: number, keyword: string): string {
  let x = (i + 1) * 2654435761;
  const next = () => ((x = (x ^ (x << 13)) >>> 0), (x = (x ^ (x >>> 17)) >>> 0), (x = (x ^ (x << 5)) >>> 0), x);
  const words = Array.from({ length: 40 }, () => WORDS[next() % WORDS.length]);
  return `Bài ${i}: ${words.join(' ')} ${keyword}`;
}

let h: Harness;
let many: number[];
beforeAll(async () => {
  h = await harness();
  const raws: RawItem[] = Array.from({ length: 120 }, (_, i) => ({
    title: `Tin ${i}`,
    text: text(i, i % 3 === 0 ? 'tỏi chữa khỏi' : i % 3 === 1 ? 'nợ lương' : 'tỏi'),
    source: i % 2 ? 'forum-a' : 'news-b',
    unit: i % 4 === 0 ? 'hcm' : 'hanoi',
  }));
  const r = await ingest(h.store, raws, { classifier: keywordClassifier, secret: 's', now: new Date('2026-11-20T00:00:00Z') });
  many = r.ids;
  expect(r.imported).toBe(120);
});
afterAll(() => h.close());

const ids = (html: string) => [...html.matchAll(/<h2><a href="\/items\/(\d+)">/g)].map((m) => Number(m[1]));

async function admin() {
  const c = new Client(h);
  await c.login('admin');
  return c;
}

describe('queue', () => {
  it('shows each item\'s age in the reader\'s language', async () => {
    const c = await admin();
    const html = await (await c.get('/queue')).text();
    // Ingested at 00:00, the app's clock says 03:00.
    expect(html).toContain('<span class="age">thu thập 3 giờ trước</span>');
  });

  it('lists flagged items newest first and pages with a keyset cursor, without gaps or repeats', async () => {
    const c = await admin();
    const seen: number[] = [];
    let path = '/queue';
    for (let guard = 0; guard < 10 && path; guard++) {
      const html = await (await c.get(path)).text();
      seen.push(...ids(html));
      const next = /<a href="([^"]+)" rel="next"/.exec(html)?.[1]?.replaceAll('&amp;', '&');
      path = next ?? '';
    }
    const flagged = await h.store.db.all<{ id: number }>('SELECT id FROM items WHERE flagged = 1 ORDER BY id DESC');
    expect(seen).toEqual(flagged.map((r) => r.id));
    expect(seen.length).toBeGreaterThan(100);
  });

  it('pages by score too, in score order', async () => {
    const c = await admin();
    const seen: number[] = [];
    let path = '/queue?sort=score';
    while (path) {
      const html = await (await c.get(path)).text();
      seen.push(...ids(html));
      path = /<a href="([^"]+)" rel="next"/.exec(html)?.[1]?.replaceAll('&amp;', '&') ?? '';
    }
    const expected = await h.store.db.all<{ id: number }>('SELECT id FROM items WHERE flagged = 1 ORDER BY max_score DESC, id DESC');
    expect(seen).toEqual(expected.map((r) => r.id));
  });

  it('filters by label, status, unit, source, date range and minimum score', async () => {
    const c = await admin();
    const q = async (qs: string) => ids(await (await c.get(`/queue?${qs}`)).text());
    const label = await q('label=grievance');
    expect(label.length).toBeGreaterThan(0);
    for (const id of label) expect((await h.store.queue.labelsFor([id])).map((l) => l.label)).toContain('grievance');
    const unit = await q('unit=hcm');
    expect(unit.length).toBeGreaterThan(0);
    for (const id of unit) expect((await h.store.reviewItems.head(id))!.unit).toBe('hcm');
    const source = await q('source=news-b&label=covid_false');
    for (const id of source) expect((await h.store.reviewItems.get(id))!.sourceId).toBe('news-b');
    expect(source.length).toBeGreaterThan(0);
    const day20 = await q('from=2026-11-20&to=2026-11-20&all=1');
    expect(day20.length).toBeGreaterThan(0);
    expect(day20.every((id) => many.includes(id))).toBe(true);
    const day19 = await q('from=2026-11-19&to=2026-11-19');
    expect(day19.length).toBeGreaterThan(0);
    expect(day19.every((id) => h.ids.includes(id))).toBe(true);
    expect(await q('from=2026-11-21')).toEqual([]);
    const high = await q('min=0.9&label=covid_false');
    for (const id of high) expect((await h.store.queue.labelsFor([id])).find((l) => l.label === 'covid_false')!.score).toBeGreaterThanOrEqual(0.9);
    await h.store.db.run(`UPDATE items SET status = 'closed' WHERE id = ?`, [many[5]]);
    expect(await q('status=closed')).toEqual([many[5]]);
  });

  it('searches without caring about diacritics', async () => {
    const c = await admin();
    const withMarks = ids(await (await c.get('/queue?q=c%C3%B4ng+%C4%91o%C3%A0n+%C4%91%E1%BB%99c+l%E1%BA%ADp')).text());
    const without = ids(await (await c.get('/queue?q=cong+doan+doc+lap')).text());
    expect(without).toEqual([h.ids[2]]);
    expect(withMarks).toEqual(without);
    const garlic = ids(await (await c.get('/queue?q=TOI+chua+khoi&label=covid_false')).text());
    expect(garlic.length).toBeGreaterThan(2);
    expect(ids(await (await c.get('/queue?q=%22%29%28*+OR+NEAR')).text())).toEqual([]); // FTS syntax is literal, not an error
  });

  it('shows counts per label under the current filters', async () => {
    const c = await admin();
    const html = await (await c.get('/queue?unit=hcm')).text();
    const count = (label: string) => Number(new RegExp(`label=${label}[^>]*>[^<]*: <strong>(\\d+)</strong>`).exec(html)?.[1]);
    const expected = await h.store.db.all<{ label: string; n: number }>(`SELECT label, count(*) AS n FROM item_labels l JOIN items i ON i.id = l.item_id WHERE i.unit = 'hcm' GROUP BY label`);
    for (const e of expected) expect(count(e.label)).toBe(e.n);
  });

  it('limits a reviewer to their unit, whatever the URL asks', async () => {
    const c = new Client(h);
    await c.login('reviewer');
    const mine = ids(await (await c.get('/queue?unit=hcm')).text());
    expect(mine.length).toBeGreaterThan(0);
    for (const id of mine) expect((await h.store.reviewItems.head(id))!.unit).toBe('hanoi');
    expect(await (await c.get('/queue')).text()).not.toContain('name="unit"');
  });

  it('tolerates stale or hand-edited query strings', async () => {
    const c = await admin();
    const res = await c.get('/queue?min=abc&from=yesterday&after=%27%3B');
    expect(res.status).toBe(200);
    expect(ids(await res.text()).length).toBeGreaterThan(0);
  });

  it('shows the earlier verdict and response when an item matches a decided claim', async () => {
    const a = { id: h.users.admin, username: 'admin', role: 'admin' as const, unit: 'hq' };
    const claim = await createClaimFromItem(h.store, a, { itemId: h.ids[0], statement: 'Tỏi chữa khỏi COVID', label: 'covid_false' }, { now: h.now.value });
    await decideClaim(h.store, a, { claimId: claim, verdict: 'false', reason: 'Bộ Y tế bác bỏ' }, { now: h.now.value });
    // The decision remembers close look-alikes as suggestions (a person still has to confirm them).
    expect(await h.store.claims.memberState(claim, h.ids[1])).toBe('suggested');
    expect(await h.store.claims.memberState(claim, h.ids[4])).toBeUndefined();
    const late = await ingest(h.store, [{ title: 'Tỏi', text: 'Lại thấy: ăn tỏi sống chữa khỏi COVID nhanh lắm mọi người ơi.', unit: 'hanoi', source: 'forum-a' }], { classifier: keywordClassifier, secret: 's' });
    await h.store.db.run(`UPDATE classifications SET reasons = json_insert(reasons, '$[#]', json(?)) WHERE item_id = ?`, [JSON.stringify({ kind: 'claim', label: 'covid_false', claimId: 'garlic-cures', statement: 'Tỏi chữa COVID', similarity: 0.8, confirmed: true }), late.ids[0]]);
    await h.store.db.run(`UPDATE claims SET known_claim_id = 'garlic-cures' WHERE id = ?`, [claim]);
    const resp = await draftResponse(h.store, a, { claimId: claim, template: null, body: 'Tỏi không chữa được COVID.', sources: [{ url: 'https://who.int/x', title: 'WHO' }] }, { now: h.now.value });
    const c = await admin();
    const html = await (await c.get('/queue?label=covid_false&q=toi+song')).text();
    expect(html).toContain(`<a href="/responses/${resp}">phản hồi (Bản nháp)</a>`);
    expect(html).toContain(`href="/claims/${claim}"`);
    expect(html).toContain('Trùng với luận điệu đã có kết luận: Sai sự thật');
    const suggested = await (await c.get(`/queue?q=${encodeURIComponent('tỏi sống chữa khỏi COVID và cúm')}`)).text();
    expect(suggested).toContain(`href="/claims/${claim}"`);
  });
});
