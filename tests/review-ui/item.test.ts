import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, harness, type Harness } from './harness.js';

let h: Harness;
beforeAll(async () => {
  h = await harness();
});
afterAll(() => h.close());

async function as(role: string) {
  const c = new Client(h);
  await c.login(role);
  return c;
}

describe('item page', () => {
  it('highlights matched spans and lists the reasons', async () => {
    const c = await as('reviewer');
    const html = (await c.page(`/items/${h.ids[0]}`)).html;
    expect(html).toContain('uống nước <mark class="hl label-covid_false" title="Tin sai về COVID/sức khỏe: covid.garlic">tỏi</mark> mỗi sáng');
    expect(html).toContain('<code>covid.cure</code>');
    expect(html).toContain('<q>chữa khỏi</q>');
    expect(html).toMatch(/<dt>Tác giả \(bí danh\)<\/dt><dd>tg-[0-9a-f]+/);
    expect(html).not.toContain('nguoidung_1');
    expect(html).not.toContain('reveal-author'); // reviewers cannot reveal
  });

  it('shows the raw handle only to an admin, once, and audits it', async () => {
    const c = await as('admin');
    const page = (await c.page(`/items/${h.ids[0]}`)).html;
    expect(page).not.toContain('nguoidung_1');
    expect(page).toContain(`action="/items/${h.ids[0]}/reveal-author"`);
    const before = (await h.store.audit.page({ action: 'author_reveal', limit: 10 })).length;
    const res = await c.post(`/items/${h.ids[0]}/reveal-author`, {});
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(await res.text()).toContain('nguoidung_1');
    const rows = await h.store.audit.page({ action: 'author_reveal', limit: 10 });
    expect(rows.length).toBe(before + 1);
    expect(rows[0]).toMatchObject({ username: 'admin', target_type: 'item', target_id: String(h.ids[0]) });
    expect(await (await c.get(`/items/${h.ids[0]}`)).text()).not.toContain('nguoidung_1');
  });

  it('records who viewed which item in the audit log', async () => {
    const c = await as('reviewer');
    const before = (await h.store.audit.page({ action: 'item_view', limit: 100 })).length;
    expect((await c.get(`/items/${h.ids[1]}`)).status).toBe(200);
    const rows = await h.store.audit.page({ action: 'item_view', limit: 100 });
    expect(rows.length).toBe(before + 1);
    expect(rows[0]).toMatchObject({ username: 'reviewer', target_type: 'item', target_id: String(h.ids[1]) });
    // A refused or missing item is not a view.
    expect((await c.get('/items/999999')).status).toBe(404);
    expect((await h.store.audit.page({ action: 'item_view', limit: 100 })).length).toBe(before + 1);
  });

  it('records a verdict with reason and note, moves the status, and keeps the history', async () => {
    const c = await as('reviewer');
    await c.page(`/items/${h.ids[1]}`);
    const res = await c.post(`/items/${h.ids[1]}/verdict`, { verdict: 'false', reason: 'Bộ Y tế đã bác bỏ', note: 'đã đối chiếu' });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(`/items/${h.ids[1]}`);
    const page = (await c.page(`/items/${h.ids[1]}`)).html;
    expect(page).toContain('Đã lưu kết luận.');
    expect(page).toContain('<strong>Sai sự thật</strong> — Bộ Y tế đã bác bỏ');
    expect((await h.store.reviewItems.head(h.ids[1]))!).toMatchObject({ status: 'decided', verdict: 'false' });
    await c.post(`/items/${h.ids[1]}/verdict`, { verdict: 'misleading', reason: 'đúng một phần' });
    expect(await h.store.verdicts.forItem(h.ids[1])).toHaveLength(2);
    expect((await c.page(`/items/${h.ids[1]}`)).html).toContain('Đã lưu kết luận.');
    expect((await c.page(`/items/${h.ids[1]}`)).html).not.toContain('Đã lưu kết luận.'); // flash shown once
    // The never-erased audit log fingerprints the reason instead of keeping its words.
    const [audited] = await h.store.audit.page({ action: 'verdict', limit: 1 });
    expect(JSON.parse(audited.detail)).toMatchObject({ verdict: 'misleading', reason: { chars: 'đúng một phần'.length } });
    expect(audited.detail).not.toContain('đúng một phần');
  });

  it('rejects an incomplete verdict with a message naming the field', async () => {
    const c = await as('reviewer');
    await c.page(`/items/${h.ids[0]}`);
    const res = await c.post(`/items/${h.ids[0]}/verdict`, { verdict: 'false', reason: '  ', note: 'Ghi chú dài đã gõ' });
    // Issue 13, point 2: the page comes back with everything typed and the error at its field.
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toContain('Ô “lý do” chưa đúng, hãy kiểm tra lại.');
    expect(html).toMatch(/<input[^>]*id="reason"[^>]*aria-invalid="true"[^>]*aria-describedby="reason-error reason-help"[^>]*autofocus/);
    expect(html).toMatch(/<p id="reason-error"[^>]*>Ô “lý do” chưa đúng, hãy kiểm tra lại\./);
    expect(html).toMatch(/value="false"[^>]*checked/);
    expect(html).toContain('>Ghi chú dài đã gõ</textarea>');
    const missing = await c.post(`/items/${h.ids[0]}/verdict`, { reason: 'Bộ Y tế bác bỏ', note: 'n' });
    expect(missing.status).toBe(400);
    const m = await missing.text();
    expect(m).toMatch(/<fieldset aria-describedby="verdict-error">/);
    expect(m).toContain('value="Bộ Y tế bác bỏ"');
    await c.post(`/items/${h.ids[0]}/verdict`, { verdict: 'maybe', reason: 'x' });
    expect(await h.store.verdicts.forItem(h.ids[0])).toHaveLength(0);
  });

  it('assigns to a reviewer of the unit, holds and escalates, closes and reopens', async () => {
    const c = await as('reviewer');
    const id = h.ids[3];
    await c.page(`/items/${id}`);
    await c.post(`/items/${id}/assign`, { assignee: String(h.users.reviewer2) }); // other unit: refused
    expect((await h.store.reviewItems.get(id))!.assignedTo).toBeNull();
    await c.post(`/items/${id}/assign`, { assignee: String(h.users.reviewer) });
    expect((await h.store.reviewItems.get(id))!).toMatchObject({ assignedTo: h.users.reviewer, status: 'in_review' });
    await c.post(`/items/${id}/hold`, { reason: 'Chờ xác minh với công ty' });
    await c.post(`/items/${id}/escalate`, { reason: 'Cần liên đoàn cho ý kiến' });
    expect((await h.store.reviewItems.get(id))!).toMatchObject({ onHold: true, escalated: true });
    const mine = await (await c.get('/queue?mine=1&all=1')).text();
    expect(mine).toContain(`href="/items/${id}"`);
    expect(mine).toContain('Tạm giữ');
    await c.post(`/items/${id}/status`, { to: 'closed' });
    expect((await h.store.reviewItems.head(id))!.status).toBe('closed');
    const locked = await c.post(`/items/${id}/verdict`, { verdict: 'grievance', reason: 'x' });
    expect(locked.status).toBe(409);
    expect(await locked.text()).toContain('hãy mở lại trước khi đổi kết luận');
    await c.post(`/items/${id}/status`, { to: 'in_review' });
    expect((await h.store.reviewItems.head(id))!.status).toBe('in_review');
  });

  it('lists similar items', async () => {
    const c = await as('admin');
    const html = (await c.page(`/items/${h.ids[0]}`)).html;
    const similar = html.slice(html.indexOf('id="similar-h"'));
    expect(similar).toContain(`href="/items/${h.ids[1]}"`);
    expect(similar).not.toContain(`href="/items/${h.ids[4]}"`);
  });

  it('is readable in English', async () => {
    const c = await as('viewer');
    const html = await (await c.get(`/items/${h.ids[0]}?lang=en`)).text();
    expect(html).toContain('Why it was flagged');
    expect(html).not.toContain('Lý do gắn cờ');
    expect(html).not.toContain('name="verdict"'); // viewers never get decision forms
  });
});
