import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingest } from '../../src/jobs/ingest.js';
import { installationSecret } from '../../src/privacy/installation-secret.js';
import { adminHarness } from './admin-harness.js';
import { Client, type Harness } from './harness.js';
import { keywordClassifier } from './keyword-classifier.js';

const HANDLE = 'Chi.Zuyen.May';

describe('/admin/requests', () => {
  let h: Awaited<ReturnType<typeof adminHarness>>;
  let admin: Client;
  let ids: number[];
  beforeAll(async () => {
    h = await adminHarness();
    // Posts pseudonymised with the installation secret next to the database, as `serve` stores them.
    const r = await ingest(h.store, [
      { title: 'Tăng ca Brindlewick', text: 'Tổ may bị cắt tiền tăng ca Brindlewick hai tháng nay.', url: 'https://mxh.example/p/zuyen-1', author: `@${HANDLE}`, source: 'forum-a', unit: 'hanoi' },
      { title: 'Bảo hiểm Wexmoorfield', text: 'Công ty Wexmoorfield chưa đóng bảo hiểm cho công nhân.', url: 'https://mxh.example/p/zuyen-2', author: HANDLE.toLowerCase(), source: 'forum-a', unit: 'hanoi' },
    ], { classifier: keywordClassifier, secret: installationSecret(h.dir), now: new Date('2026-11-19T00:00:00Z') });
    ids = r.ids;
    admin = new Client(h as Harness);
    await admin.login('admin');
  });
  afterAll(async () => {
    await h?.close();
  });

  const create = async (fields: Record<string, string>) => {
    await admin.page('/admin/requests');
    return admin.post('/admin/requests', { kind: 'deletion', type: 'handle', value: HANDLE, receivedOn: '', requester: 'zuyen@example.vn', note: '', ...fields });
  };

  it('is for admins only and appears in their navigation', async () => {
    for (const who of ['reviewer', 'viewer']) {
      const c = new Client(h as Harness);
      await c.login(who);
      expect((await c.get('/admin/requests')).status).toBe(403);
      expect((await c.page('/queue')).html).not.toContain('href="/admin/requests"');
    }
    const { html } = await admin.page('/admin/requests');
    expect(html).toContain('href="/admin/requests"');
    expect(html).toContain('Yêu cầu của chủ thể dữ liệu');
    expect(html).toContain('value="2026-11-20"'); // received date defaults to today in KC_TZ
  });

  it('validates the new-request form and keeps what was typed', async () => {
    const bad = await create({ type: 'url', value: 'khong-phai-url' });
    expect(bad.status).toBe(400);
    const html = await bad.text();
    expect(html).toContain('Đường dẫn phải là địa chỉ đầy đủ bắt đầu bằng http:// hoặc https://.');
    expect(html).toContain('value="khong-phai-url"');
    expect((await create({ receivedOn: '2026-12-01' })).status).toBe(400);
    expect((await create({ kind: 'everything' })).status).toBe(400);
    expect(await h.store.db.get('SELECT count(*) AS n FROM subject_requests')).toEqual({ n: 0 });
  });

  it('records a request with deadlines, masks it in the list, and marks overdue and due-soon ones', async () => {
    // Friday 20 Nov 2026 in Hà Nội: acknowledge by end of Tuesday 24, act by end of 10 December.
    const res = await create({});
    expect(res.status).toBe(303);
    const id = Number(res.headers.get('location')!.split('/').pop());
    // (requests are never deleted, so ids are never reused in the audit log)
    expect(await h.store.subjectRequests.get(id)).toMatchObject({ kind: 'deletion', subjectHint: 'ch…ay', status: 'open' });
    let list = (await admin.page('/admin/requests')).html;
    expect(list).toContain('ch…ay');
    expect(list).not.toContain('zuyen');
    expect(list).toContain('24/11/2026');
    expect(list).toContain('10/12/2026');
    expect(list).not.toMatch(/>2026-\d\d-\d\d</); // days as the reader writes them, never stored text
    expect(list).not.toContain('quá hạn');
    expect(list).not.toContain('sắp đến hạn');
    // Received on Tuesday 10 November and never acknowledged: acknowledgement overdue, action due soon.
    const late = Number((await create({ receivedOn: '2026-11-10' })).headers.get('location')!.split('/').pop());
    list = (await admin.page('/admin/requests')).html;
    expect(list).toContain('12/11/2026');
    expect(list).toContain('quá hạn');
    expect(list).not.toContain('sắp đến hạn');
    await h.store.db.run("UPDATE subject_requests SET received_at = '2026-11-01T00:00:00Z', due_at = '2026-11-22T17:00:00.000Z' WHERE id = ?", [late]);
    expect((await admin.page('/admin/requests')).html).toContain('sắp đến hạn');
  });

  it('acknowledge, find, export and delete, each audited with the request id and counts only', async () => {
    const id = Number((await create({})).headers.get('location')!.split('/').pop());
    let page = await admin.page(`/admin/requests/${id}`);
    expect(page.html).toContain(HANDLE); // the admin working on it sees the value
    expect((await admin.post(`/admin/requests/${id}/acknowledge`, {})).status).toBe(303);

    await admin.page(`/admin/requests/${id}`);
    const found = await admin.post(`/admin/requests/${id}/find`, {});
    expect(found.status).toBe(200);
    const foundHtml = await found.text();
    expect(foundHtml).toContain('2 bài đăng và 0 lần đăng lại');
    for (const itemId of ids) expect(foundHtml).toContain(`href="/items/${itemId}"`);

    await admin.page(`/admin/requests/${id}`);
    const exp = await admin.post(`/admin/requests/${id}/export`, {});
    expect(exp.status).toBe(200);
    expect(exp.headers.get('content-disposition')).toBe(`attachment; filename="kiem-chung-yeu-cau-${id}.json"`);
    const json = await exp.json();
    expect(json.items.map((i: { url: string }) => i.url)).toEqual(['https://mxh.example/p/zuyen-1', 'https://mxh.example/p/zuyen-2']);
    expect(JSON.stringify(json)).not.toContain('nguoidung_'); // the harness's other authors

    page = await admin.page(`/admin/requests/${id}/delete`);
    expect(page.html).toContain('Xoá vĩnh viễn');
    expect((await admin.post(`/admin/requests/${id}/delete`, {})).status).toBe(400); // not confirmed
    expect((await admin.post(`/admin/requests/${id}/delete`, { confirm: 'yes' })).status).toBe(303);
    expect(await h.store.db.get('SELECT count(*) AS n FROM items WHERE id IN (?, ?)', ids)).toEqual({ n: 0 });
    const r = await h.store.subjectRequests.get(id);
    expect(r).toMatchObject({ status: 'completed', subjectValue: null, requester: null, itemsErased: 2, exportedAt: expect.any(String), acknowledgedAt: expect.any(String) });

    page = await admin.page(`/admin/requests/${id}`);
    expect(page.html).not.toContain(HANDLE);
    expect(page.html).not.toContain('/delete');
    // A closed request refuses further work.
    const again = await admin.post(`/admin/requests/${id}/find`, {});
    expect(again.status).toBe(409);

    const audit = await h.store.db.all<{ action: string; target_id: string; detail: string; username: string }>(
      "SELECT action, target_id, detail, username FROM audit_log WHERE target_type = 'subject_request' AND target_id = ?", [String(id)],
    );
    expect(audit.map((a) => a.action)).toEqual(['subject_request', 'subject_acknowledge', 'subject_find', 'subject_export', 'subject_delete']); // the GET confirmation page records nothing
    expect(audit.every((a) => a.username === 'admin')).toBe(true);
    expect(JSON.parse(audit.at(-1)!.detail)).toMatchObject({ items: 2, suppressed: 3 });
    const all = JSON.stringify(await h.store.db.all('SELECT * FROM audit_log')).toLowerCase();
    for (const v of ['zuyen', 'mxh.example', 'brindlewick']) expect(all, v).not.toContain(v);
  });

  it('closes a request as rejected with a reason', async () => {
    const id = Number((await create({ kind: 'access' })).headers.get('location')!.split('/').pop());
    await admin.page(`/admin/requests/${id}`);
    expect((await admin.post(`/admin/requests/${id}/close`, { status: 'rejected', reason: '' })).status).toBe(400);
    expect((await admin.post(`/admin/requests/${id}/close`, { status: 'rejected', reason: 'Không xác minh được danh tính' })).status).toBe(303);
    expect(await h.store.subjectRequests.get(id)).toMatchObject({ status: 'rejected', subjectValue: null, note: 'Không xác minh được danh tính' });
    expect((await admin.page('/admin/requests/99999')).res.status).toBe(404);
  });
});
