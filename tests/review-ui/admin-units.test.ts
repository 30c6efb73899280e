import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { normaliseUnitName, unitNameKey } from '../../src/review/unit-service.js';
import { adminHarness } from './admin-harness.js';
import { addUser, Client, type Harness } from './harness.js';

let h: Harness;
let admin: Client;
beforeAll(async () => {
  h = await adminHarness();
  admin = new Client(h);
  await admin.login('admin');
});
afterAll(() => h.close());

describe('units as a managed list', () => {
  it('normalises tone-mark placement so Hoà and Hòa are one name', () => {
    expect(unitNameKey('LĐLĐ tỉnh Hoà Bình')).toBe(unitNameKey('LĐLĐ  tỉnh Hòa Bình'));
    expect(normaliseUnitName('  Công đoàn   Khu công nghiệp Thuỵ Vân ')).toBe(normaliseUnitName('Công đoàn Khu công nghiệp Thụy Vân'));
  });

  it('lists units already used by users and items, and only admins see the page', async () => {
    const html = (await admin.page('/admin/units')).html;
    for (const code of ['hanoi', 'hcm', 'hq']) expect(html).toContain(`<code>${code}</code>`);
    const reviewer = new Client(h);
    await reviewer.login('reviewer');
    expect((await reviewer.get('/admin/units')).status).toBe(403);
  });

  it('adds a unit under a parent federation; a second spelling of the same name is refused, keeping what was typed', async () => {
    await admin.page('/admin/units');
    const hq = (await h.store.units.byCode('hq'))!;
    expect((await admin.post('/admin/units', { code: 'ldld-hoabinh', name: 'LĐLĐ tỉnh Hoà Bình', parent: String(hq.id) })).status).toBe(303);
    expect(await h.store.units.byCode('ldld-hoabinh')).toMatchObject({ name: normaliseUnitName('LĐLĐ tỉnh Hoà Bình'), parentCode: 'hq' });
    await admin.page('/admin/units');
    const dup = await admin.post('/admin/units', { code: 'hoabinh2', name: 'LĐLĐ tỉnh Hòa Bình', parent: '' });
    expect(dup.status).toBe(400);
    const html = await dup.text();
    expect(html).toContain('Đã có đơn vị mang tên này');
    expect(html).toContain('value="hoabinh2"');
    await admin.page('/admin/units');
    expect((await admin.post('/admin/units', { code: 'Có Dấu', name: 'Đơn vị lạ', parent: '' })).status).toBe(400);
    expect(await h.store.units.byCode('hoabinh2')).toBeUndefined();
  });

  it('renames and re-parents a unit, never into a loop; each change is audited', async () => {
    const hq = (await h.store.units.byCode('hq'))!;
    const hb = (await h.store.units.byCode('ldld-hoabinh'))!;
    await admin.page('/admin/units');
    expect((await admin.post(`/admin/units/${hq.id}`, { name: 'Tổng Liên đoàn', parent: String(hb.id) })).status).toBe(400);
    expect((await h.store.units.byCode('hq'))!.parentId).toBeNull();
    await admin.page('/admin/units');
    expect((await admin.post(`/admin/units/${hq.id}`, { name: 'Tổng Liên đoàn', parent: '' })).status).toBe(303);
    expect((await h.store.units.byCode('hq'))!.name).toBe('Tổng Liên đoàn');
    expect(await h.store.units.descendantCodes('hq')).toEqual(['hq', 'ldld-hoabinh']);
    const actions = (await h.store.db.all<{ action: string }>("SELECT action FROM audit_log WHERE target_type = 'unit'")).map((r) => r.action);
    expect(actions).toEqual(['unit_add', 'unit_update']);
  });

  it('a unit that arrives as free text (a source, an import) joins the list', async () => {
    await h.store.db.run("INSERT INTO sources (id, name, type, unit) VALUES ('nguon-moi', 'Nguồn mới', 'rss', 'cdcs-moi')");
    expect(await h.store.units.byCode('cdcs-moi')).toMatchObject({ name: 'cdcs-moi', parentId: null });
  });

  it('warns a reviewer whose unit has no items, instead of a silent empty queue', async () => {
    await addUser(h.store, 'reviewer.hb', 'reviewer', 'ldld-hoabinh');
    const c = new Client(h);
    await c.login('reviewer.hb');
    const html = (await c.page('/queue')).html;
    expect(html).toContain(`Đơn vị của bạn (${normaliseUnitName('LĐLĐ tỉnh Hoà Bình')}) hiện chưa có mục nào`);
    const busy = new Client(h);
    await busy.login('reviewer');
    expect((await busy.page('/queue')).html).not.toContain('hiện chưa có mục nào');
    await addUser(h.store, 'reviewer.none', 'reviewer', null);
    const none = new Client(h);
    await none.login('reviewer.none');
    expect((await none.page('/queue')).html).toContain('chưa được gắn với đơn vị nào');
  });

  it('the users page names roles in Vietnamese and offers units as a list', async () => {
    const html = (await admin.page('/admin/users')).html;
    expect(html).toContain('<option value="reviewer" selected="">kiểm chứng viên</option>');
    expect(html).toContain('<td>reviewer</td><td>kiểm chứng viên</td>'); // username, then the role in words
    expect(html).toMatch(/<select name="unit" id="unit">/);
  });
});
