import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminHarness } from './admin-harness.js';
import { Client, type Harness, PASSWORD } from './harness.js';

describe('/admin/users', () => {
  let h: Awaited<ReturnType<typeof adminHarness>>;
  let admin: Client;
  beforeAll(async () => {
    h = await adminHarness();
    admin = new Client(h as Harness);
    await admin.login('admin');
  });
  afterAll(async () => {
    await h?.close();
  });

  it('only admins reach it', async () => {
    for (const who of ['reviewer', 'viewer']) {
      const c = new Client(h as Harness);
      await c.login(who);
      expect((await c.get('/admin/users')).status).toBe(403);
    }
    expect((await admin.page('/admin/users')).html).toContain('reviewer2');
  });

  it('disabling a user ends their session at once; enabling lets them sign in again', async () => {
    const reviewer = new Client(h as Harness);
    await reviewer.login('reviewer');
    expect((await reviewer.get('/queue')).status).toBe(200);
    await admin.page('/admin/users');
    expect((await admin.post(`/admin/users/${h.users.reviewer}/disable`, {})).status).toBe(303);
    const after = await reviewer.get('/queue');
    expect(after.status).toBe(303);
    expect(after.headers.get('location')).toMatch(/^\/login/);
    expect(await h.store.sessions.countForUser(h.users.reviewer)).toBe(0);
    expect((await new Client(h as Harness).login('reviewer')).status).not.toBe(303);
    const audit = await h.store.db.get<{ detail: string }>("SELECT detail FROM audit_log WHERE action = 'user_disable'");
    const detail = JSON.parse(audit!.detail);
    expect(detail.username).toBe('reviewer');
    expect(detail.sessionsEnded).toBeGreaterThanOrEqual(1);
    await admin.page('/admin/users');
    await admin.post(`/admin/users/${h.users.reviewer}/enable`, {});
    expect((await new Client(h as Harness).login('reviewer')).status).toBe(303);
  });

  it('an admin cannot disable their own account', async () => {
    await admin.page('/admin/users');
    const res = await admin.post(`/admin/users/${h.users.admin}/disable`, {});
    expect(res.status).toBe(400);
    expect(await res.text()).toContain('Không thể tự khoá');
  });

  it('adds a user, changes role and unit, resets a password (which ends sessions)', async () => {
    await admin.page('/admin/users');
    // A unit is chosen from the managed list: an unknown one is refused until an admin adds it.
    expect((await admin.post('/admin/users', { username: 'moi.nguoi', role: 'reviewer', unit: 'danang', password: 'mat-khau-moi-du-dai' })).status).toBe(400);
    await admin.page('/admin/units');
    expect((await admin.post('/admin/units', { code: 'danang', name: 'LĐLĐ Đà Nẵng', parent: '' })).status).toBe(303);
    expect((await admin.page('/admin/users')).html).toContain('<option value="danang">LĐLĐ Đà Nẵng (danang)</option>');
    expect((await admin.post('/admin/users', { username: 'moi.nguoi', role: 'reviewer', unit: 'danang', password: 'mat-khau-moi-du-dai' })).status).toBe(303);
    const created = await h.store.users.byUsername('moi.nguoi');
    expect(created).toMatchObject({ role: 'reviewer', unit: 'danang', disabled: false });
    await admin.page('/admin/users');
    const weak = await admin.post('/admin/users', { username: 'yeu', role: 'viewer', unit: '', password: 'ngan' });
    expect(weak.status).toBe(400);
    // Said in Vietnamese (the service's English sentence is for the command line), and in English in en.
    const weakHtml = await weak.text();
    expect(weakHtml).toContain('Mật khẩu phải có ít nhất 10 ký tự.');
    expect(weakHtml).not.toContain('must be at least');
    await admin.page('/admin/users?lang=en');
    const weakEn = await admin.post('/admin/users', { username: 'yeu', role: 'viewer', unit: '', password: 'ngan' });
    expect(await weakEn.text()).toContain('The password needs at least 10 characters.');
    await admin.page('/admin/users?lang=vi');
    const taken = await admin.post('/admin/users', { username: 'moi.nguoi', role: 'viewer', unit: '', password: 'mat-khau-moi-du-dai' });
    expect(await taken.text()).toContain('Tên đăng nhập “moi.nguoi” đã có người dùng.');
    await admin.page('/admin/users');
    await admin.post(`/admin/users/${created!.id}/change`, { role: 'viewer', unit: 'hq' });
    expect(await h.store.users.byUsername('moi.nguoi')).toMatchObject({ role: 'viewer', unit: 'hq' });
    const victim = new Client(h as Harness);
    await victim.login('reviewer2');
    await admin.page('/admin/users');
    await admin.post(`/admin/users/${h.users.reviewer2}/password`, { password: 'mat-khau-dat-lai-123' });
    expect((await victim.get('/queue')).status).toBe(303);
    expect((await new Client(h as Harness).login('reviewer2', PASSWORD)).status).not.toBe(303);
    expect((await new Client(h as Harness).login('reviewer2', 'mat-khau-dat-lai-123')).status).toBe(303);
  });
});
