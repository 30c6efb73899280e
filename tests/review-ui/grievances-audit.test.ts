import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, harness, type Harness } from './harness.js';

let h: Harness;
beforeAll(async () => {
  h = await harness();
});
afterAll(() => h.close());

describe('grievances', () => {
  it('lists items with the grievance label or verdict as a follow-up list', async () => {
    const c = new Client(h);
    await c.login('reviewer');
    let html = (await c.page('/grievances')).html;
    expect(html).toContain(`href="/items/${h.ids[3]}"`); // labelled by the classifier
    expect(html).not.toContain(`href="/items/${h.ids[4]}"`);
    await c.post(`/items/${h.ids[4]}/verdict`, { verdict: 'grievance', reason: 'phản ánh điều kiện làm việc' });
    html = (await c.page('/grievances')).html;
    expect(html).toContain(`href="/items/${h.ids[4]}"`); // by verdict
    expect(await h.store.grievances.get(h.ids[4])).toMatchObject({ status: 'open', unit: 'hanoi' });
  });

  it('tracks status, routing unit and note; filters by status', async () => {
    const c = new Client(h);
    await c.login('reviewer');
    await c.page('/grievances');
    expect((await c.post(`/grievances/${h.ids[3]}`, { status: 'forwarded', unit: 'hanoi', note: 'Đã chuyển ban chính sách' })).status).toBe(303);
    expect(await h.store.grievances.get(h.ids[3])).toEqual({ status: 'forwarded', unit: 'hanoi', note: 'Đã chuyển ban chính sách' });
    const forwarded = (await c.page('/grievances?status=forwarded')).html;
    expect(forwarded).toContain(`href="/items/${h.ids[3]}"`);
    expect(forwarded).not.toContain(`href="/items/${h.ids[4]}"`);
    const open = (await c.page('/grievances?status=open')).html;
    expect(open).not.toContain(`href="/items/${h.ids[3]}"`);
    expect(open).toContain(`href="/items/${h.ids[4]}"`);
    await c.post(`/grievances/${h.ids[3]}`, { status: 'lost' });
    expect((await h.store.grievances.get(h.ids[3]))!.status).toBe('forwarded');
  });

  it('shows viewers the list without forms, and keeps other units out of a reviewer\'s list', async () => {
    const v = new Client(h);
    await v.login('viewer');
    const html = (await v.page('/grievances')).html;
    expect(html).toContain(`href="/items/${h.ids[3]}"`);
    expect(html).not.toContain('action="/grievances/');
    expect((await v.page(`/grievances/${h.ids[3]}`)).html).not.toContain('action="/grievances/');
    const other = new Client(h);
    await other.login('reviewer2');
    expect((await other.page('/grievances')).html).not.toContain(`href="/items/${h.ids[3]}"`);
  });
});

describe('audit log', () => {
  it('is an admin page listing who did what, and verifies its chain', async () => {
    const c = new Client(h);
    await c.login('admin');
    const html = (await c.page('/admin/audit')).html;
    expect(html).toContain('Đăng nhập');
    expect(html).toContain('Cập nhật phản ánh, kiến nghị');
    const verified = (await c.page('/admin/audit?verify=1')).html;
    expect(verified).toMatch(/Chuỗi băm hợp lệ \(\d+ dòng\)/);
    const filtered = (await c.page('/admin/audit?action=grievance_update')).html;
    expect(filtered).not.toContain('<td>Đăng nhập</td>');
  });

  it('refuses updates and deletes, and detects tampering once the guard is bypassed', async () => {
    await expect(h.store.db.run(`UPDATE audit_log SET username = 'someone' WHERE id = 1`)).rejects.toThrow(/append-only/);
    await expect(h.store.db.run(`DELETE FROM audit_log WHERE id = 2`)).rejects.toThrow(/append-only/);
    expect((await h.store.audit.verify()).ok).toBe(true);
    await h.store.db.exec(`DROP TRIGGER audit_log_no_update; DROP TRIGGER audit_log_no_delete;`);
    await h.store.db.run(`UPDATE audit_log SET detail = '{"verdict":"accurate"}' WHERE id = 3`);
    expect(await h.store.audit.verify()).toMatchObject({ ok: false, brokenAt: { id: 3, problem: 'hash' } });
    const c = new Client(h);
    await c.login('admin');
    expect((await c.page('/admin/audit?verify=1')).html).toContain('Chuỗi băm bị hỏng tại dòng #3');
  });
});
