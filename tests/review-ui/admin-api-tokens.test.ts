import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashToken } from '../../src/api/token-service.js';
import { adminHarness } from './admin-harness.js';
import { Client, type Harness } from './harness.js';

let h: Harness;
let admin: Client;
beforeAll(async () => {
  h = await adminHarness();
  admin = new Client(h);
  await admin.login('admin');
});
afterAll(() => h.close());

const api = (token: string) => h.app.request('/api/v1/items', { headers: { authorization: `Bearer ${token}` } });

describe('/admin/api-tokens', () => {
  let token = '';
  let createdPath = '';

  it('creates a token scoped to a unit, shows it exactly once, stores only its hash', async () => {
    const list = await admin.page('/admin/api-tokens');
    expect(list.res.status).toBe(200);
    expect(list.html).toContain('Mã truy cập API');
    expect(list.html).toContain('Chưa có mã truy cập nào.');
    const res = await admin.post('/admin/api-tokens', { name: 'Bảng điều khiển Hà Nội', unit: 'hanoi', expires: '2026-12-31' });
    expect(res.status).toBe(303);
    createdPath = res.headers.get('location')!;
    expect(createdPath).toMatch(/^\/admin\/api-tokens\/\d+\/created$/);
    const shown = await admin.page(createdPath);
    token = /kcapi_[A-Za-z0-9_-]{43}/.exec(shown.html)![0];
    expect(shown.html).toContain('chỉ hiện một lần');
    // A reload (or another admin) never sees it again.
    const again = (await admin.page(createdPath)).html;
    expect(again).not.toContain(token);
    expect(again).toContain('không thể xem lại');
    const rows = await h.store.db.all<{ token_hash: string; unit: string; expires_at: string }>('SELECT token_hash, unit, expires_at FROM api_tokens');
    expect(rows).toEqual([{ token_hash: hashToken(token), unit: 'hanoi', expires_at: '2026-12-31T16:59:59.999Z' }]);
    const dump = JSON.stringify(await h.store.db.all('SELECT * FROM audit_log')) + JSON.stringify(await h.store.db.all('SELECT * FROM sessions'));
    expect(dump).not.toContain(token.slice(6));
  });

  it('a second admin session cannot pick up a token created by another', async () => {
    const res = await admin.post('/admin/api-tokens', { name: 'Công cụ khác', unit: '', expires: '' });
    const other = new Client(h);
    await other.login('admin');
    const html = (await other.page(res.headers.get('location')!)).html;
    expect(html).not.toMatch(/kcapi_[A-Za-z0-9_-]{43}/);
    expect(html).toContain('không thể xem lại');
  });

  it('the token works on the API, and the list shows scope, start of the token and last use', async () => {
    const res = await api(token);
    expect(res.status).toBe(200);
    const units = new Set(((await res.json()) as { data: { unit: string }[] }).data.map((i) => i.unit));
    expect(units).toEqual(new Set(['hanoi']));
    const html = (await admin.page('/admin/api-tokens')).html;
    expect(html).toContain(`<code>${token.slice(0, 12)}…</code>`);
    expect(html).toContain('(và các đơn vị trực thuộc)');
    expect(html).toContain('Tất cả đơn vị');
    // The used token shows when; only the other one is still unused.
    expect(html.split('Chưa dùng').length - 1).toBe(1);
    expect(html).not.toContain(token);
  });

  it('refuses a bad name, a past expiry and an unknown unit next to the field, keeping what was typed', async () => {
    await admin.page('/admin/api-tokens');
    const short = await admin.post('/admin/api-tokens', { name: 'x', unit: 'hanoi', expires: '' });
    expect(short.status).toBe(400);
    const a = await short.text();
    expect(a).toContain('id="name-error"');
    expect(a).toMatch(/id="name"[^>]*aria-invalid="true"/);
    expect(a).toMatch(/aria-describedby="name-error name-help"/);
    await admin.page('/admin/api-tokens');
    const past = await admin.post('/admin/api-tokens', { name: 'Hết hạn rồi', unit: '', expires: '2026-01-01' });
    expect(past.status).toBe(400);
    const b = await past.text();
    expect(b).toMatch(/id="expires"[^>]*aria-invalid="true"/);
    expect(b).toContain('value="Hết hạn rồi"');
    await admin.page('/admin/api-tokens');
    const unknown = await admin.post('/admin/api-tokens', { name: 'Đơn vị lạ', unit: 'khong-co', expires: '' });
    expect(unknown.status).toBe(400);
    expect(await unknown.text()).toContain('Đơn vị này không có trong danh sách.');
    expect((await h.store.apiTokens.list()).length).toBe(2);
  });

  it('uses the form token like other admin forms: no token or another origin is refused', async () => {
    expect((await admin.post('/admin/api-tokens', { name: 'Không có mã biểu mẫu', unit: '', expires: '' }, { token: null })).status).toBe(403);
    expect((await admin.post('/admin/api-tokens', { name: 'Trang khác gửi', unit: '', expires: '' }, { origin: 'https://evil.example' })).status).toBe(403);
    const reviewer = new Client(h);
    await reviewer.login('reviewer');
    expect((await reviewer.get('/admin/api-tokens')).status).toBe(403);
    expect((await h.store.apiTokens.list()).length).toBe(2);
  });

  it('revokes a token: the API refuses it from then on (401); both steps are audited', async () => {
    const [, first] = await h.store.apiTokens.list();
    await admin.page('/admin/api-tokens');
    const res = await admin.post(`/admin/api-tokens/${first.id}/revoke`, {});
    expect(res.status).toBe(303);
    const html = (await admin.page('/admin/api-tokens')).html;
    expect(html).toContain('Đã thu hồi mã');
    expect(html).toContain('Đã thu hồi');
    expect((await api(token)).status).toBe(401);
    await admin.page('/admin/api-tokens');
    expect((await admin.post(`/admin/api-tokens/${first.id}/revoke`, {})).status).toBe(303);
    expect((await admin.page('/admin/api-tokens')).html).toContain('Mã này đã bị thu hồi từ trước.');
    const actions = (await h.store.db.all<{ action: string; target_id: string }>(`SELECT action, target_id FROM audit_log WHERE target_type = 'api_token' ORDER BY id`)).map((r) => r.action);
    expect(actions.filter((a) => a.startsWith('api_token_'))).toEqual(['api_token_create', 'api_token_create', 'api_token_revoke']);
    expect(actions).toContain('api_call');
  });
});
