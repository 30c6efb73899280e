import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminHarness } from './admin-harness.js';
import { Client, type Harness } from './harness.js';

// "Tạo bản tin": an admin makes a digest for any past week and unit from /digests (real SQLite file,
// real digest job with Chromium for the PDF). The harness clock is Friday 20/11/2026 (2026-W47).
describe('/digests: Tạo bản tin', () => {
  let h: Awaited<ReturnType<typeof adminHarness>>;
  let admin: Client;

  beforeAll(async () => {
    h = await adminHarness();
    admin = new Client(h as Harness);
    await admin.login('admin');
  });
  afterAll(() => h.close());

  it('offers last week by default, units from the managed list or all, and no later week', async () => {
    const { html } = await admin.page('/digests');
    expect(html).toContain('<h2 id="make-h">Tạo bản tin</h2>');
    expect(html).toMatch(/<input id="make-week" name="week" type="week" required="" value="2026-W46" max="2026-W46"/);
    expect(html).toContain('từ 09/11/2026 đến 15/11/2026');
    expect(html).toMatch(/<select name="unit" id="make-unit"[^>]*><option value="" selected="">Tất cả đơn vị<\/option>/);
    for (const u of await h.store.units.list()) expect(html).toContain(`<option value="${u.code}">`);
    expect((await h.store.units.list()).length).toBeGreaterThan(0);
  });

  it('makes the digest of an earlier week for one unit and goes to it (post/redirect/get), audited', async () => {
    await admin.page('/digests');
    // Item 1 (hanoi) was published on 01/11/2026, in 2026-W44.
    const res = await admin.post('/digests', { week: '2026-W44', unit: 'hanoi', lang: 'vi' });
    expect(res.status).toBe(303);
    const location = res.headers.get('location') ?? '';
    expect(location).toMatch(/^\/digests\/\d+$/);
    const id = Number(location.split('/').pop());
    const stored = await h.store.digests.get(id);
    expect(stored?.week).toBe('2026-W44');
    expect(stored?.unit).toBe('hanoi');
    expect(stored!.data.headline.collected.current).toBe(1);
    const page = await admin.get(location);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('2026-W44');
    expect(html).toContain('(26/10/2026 – 01/11/2026)');
    expect(html).toContain(`href="/digests/${id}/pdf"`);
    expect(await h.store.db.get("SELECT target_id AS id FROM audit_log WHERE action = 'digest_make'")).toEqual({ id: String(id) });
    const list = await admin.page('/digests');
    expect(list.html).toContain(`href="/digests/${id}"`);
  }, 60_000);

  it('makes an English digest for all units', async () => {
    await admin.page('/digests');
    const res = await admin.post('/digests', { week: '2026-W46', unit: '', lang: 'en' });
    expect(res.status).toBe(303);
    const html = await (await admin.get(res.headers.get('location')!)).text();
    expect(html).toContain('<html lang="en">');
    expect(html).toContain('9 Nov 2026');
  }, 60_000);

  it('refuses a week that has not ended, a bad week and an unknown unit, keeping what was chosen, the error at its field', async () => {
    await admin.page('/digests');
    const now = await admin.post('/digests', { week: '2026-W47', unit: 'hcm', lang: 'en' });
    expect(now.status).toBe(400);
    const a = await now.text();
    expect(a).toMatch(/value="2026-W47"[^>]*aria-invalid="true" aria-describedby="make-week-error make-week-help"/);
    expect(a).toContain('<p class="field-error" id="make-week-error">Tuần này chưa kết thúc.');
    expect(a).toContain('<option value="hcm" selected="">');
    expect(a).toContain('<option value="en" selected="">');

    const bad = await admin.post('/digests', { week: 'tuần trước', unit: '', lang: 'vi' });
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain('id="make-week-error">Tuần chưa đúng.');
    const w53 = await admin.post('/digests', { week: '2026-W53', unit: '', lang: 'vi' });
    expect(w53.status).toBe(400);

    const unit = await admin.post('/digests', { week: '2026-W45', unit: 'khong-co', lang: 'vi' });
    expect(unit.status).toBe(400);
    expect(await unit.text()).toMatch(/<select name="unit" id="make-unit" aria-invalid="true" aria-describedby="make-unit-error">/);
    expect(await h.store.db.get("SELECT count(*) AS n FROM digests WHERE week IN ('2026-W47', '2026-W45', '2026-W53')")).toEqual({ n: 0 });
  });

  it('is for admins only: reviewers and viewers see no form and cannot post', async () => {
    for (const name of ['reviewer', 'viewer']) {
      const c = new Client(h as Harness);
      await c.login(name);
      const { html } = await c.page('/digests');
      expect(html).not.toContain('id="make-week"');
      expect((await c.post('/digests', { week: '2026-W45', unit: '', lang: 'vi' })).status).toBe(403);
    }
    expect(await h.store.db.get("SELECT count(*) AS n FROM digests WHERE week = '2026-W45'")).toEqual({ n: 0 });
  });
});
