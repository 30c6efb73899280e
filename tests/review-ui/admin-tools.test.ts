import { type AddressInfo } from 'node:net';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminHarness } from './admin-harness.js';
import { Client, type Harness } from './harness.js';

const FEED = `<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Tin lao động</title>
<item><title>Công nhân chờ lương tháng 11</title><link>/tin/1</link><description>Nhiều công nhân phản ánh chưa nhận lương.</description></item>
<item><title>Hội nghị an toàn lao động</title><link>/tin/2</link><description>Hội nghị về an toàn lao động mùa nắng nóng.</description></item>
</channel></rss>`;

describe('/digests, /admin/sources, /admin/model', () => {
  let h: Awaited<ReturnType<typeof adminHarness>>;
  let admin: Client;
  let site: ReturnType<typeof serve>;
  let origin: string;
  let digestId: number;
  let unitDigestId: number;

  beforeAll(async () => {
    const fixture = new Hono();
    fixture.get('/robots.txt', (c) => c.text('User-agent: *\nAllow: /\n'));
    fixture.get('/feed.xml', (c) => c.body(FEED, 200, { 'content-type': 'application/rss+xml; charset=utf-8' }));
    await new Promise<void>((resolve) => {
      site = serve({ fetch: fixture.fetch, hostname: '127.0.0.1', port: 0 }, (info: AddressInfo) => {
        origin = `http://127.0.0.1:${info.port}`;
        resolve();
      });
    });
    h = await adminHarness({ KC_CRAWL_ALLOW_HOSTS: '127.0.0.1' });
    admin = new Client(h as Harness);
    await admin.login('admin');
    const save = (week: string, unit: string | null) =>
      h.store.db.write(() =>
        h.store.digests.save({ week, unit, lang: 'vi', createdAt: '2026-11-23T00:00:00.000Z', data: {}, html: `<!DOCTYPE html><html><head><style>h1{color:red}</style></head><body><h1>Bản tin ${week}</h1><svg></svg></body></html>`, markdown: `# ${week}`, pdf: Buffer.from('%PDF-1.4 test'), outDir: null }),
      );
    digestId = await save('2026-W47', null);
    unitDigestId = await save('2026-W47', 'hcm');
  });
  afterAll(async () => {
    await h?.close();
    await new Promise((r) => site?.close(r));
  });

  it('/digests lists stored digests for every role; a reviewer sees HQ and own-unit digests only', async () => {
    const viewer = new Client(h as Harness);
    await viewer.login('viewer');
    const list = await viewer.page('/digests');
    expect(list.res.status).toBe(200);
    expect(list.html).toContain(`/digests/${digestId}`);
    expect(list.html).toContain(`/digests/${unitDigestId}`);
    const reviewer = new Client(h as Harness);
    await reviewer.login('reviewer'); // unit hanoi
    const rl = await reviewer.page('/digests');
    expect(rl.html).toContain(`/digests/${digestId}"`);
    expect(rl.html).not.toContain(`/digests/${unitDigestId}"`);
    expect((await reviewer.get(`/digests/${unitDigestId}`)).status).toBe(404);
    const view = await reviewer.get(`/digests/${digestId}`);
    expect(view.status).toBe(200);
    const csp = view.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("style-src 'unsafe-inline'");
    expect(csp).not.toContain('script-src');
    expect(await view.text()).toContain('<svg');
    const pdf = await viewer.get(`/digests/${digestId}/pdf`);
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    expect(Buffer.from(await pdf.arrayBuffer()).subarray(0, 5).toString()).toBe('%PDF-');
    expect(await h.store.db.get("SELECT 1 AS x FROM audit_log WHERE action = 'digest_export'")).toEqual({ x: 1 });
    expect((await new Client(h as Harness).get('/digests')).status).toBe(303);
  });

  it('/admin/sources: add with the recipe form, preview without storing, pause and resume', async () => {
    await admin.page('/admin/sources/new');
    const fields = { recipe: 'rss', url: `${origin}/feed.xml`, name: 'Tin lao động', unit: 'hanoi', schedule: '0 * * * *', source_id: '' };
    const bad = await admin.post('/admin/sources', { ...fields, url: 'feed.xml' });
    expect(bad.status).toBe(400);
    expect(await bad.text()).toMatch(/<input id="url"[^>]*aria-invalid="true"/);
    const items = await h.store.items.count();
    const test = await admin.post('/admin/sources/preview', fields);
    const html = await test.text();
    expect(html).toContain('Công nhân chờ lương tháng 11');
    expect(html).toContain('Hội nghị an toàn lao động');
    expect(await h.store.items.count()).toBe(items);
    expect((await admin.post('/admin/sources', fields)).status).toBe(303);
    expect(await readFile(join(h.sourcesDir, 'tin-lao-dong.yaml'), 'utf8')).toContain('Tin lao động');
    const list = await admin.page('/admin/sources');
    expect(list.html).toContain('tin-lao-dong');
    expect((await admin.post('/admin/sources/tin-lao-dong/pause', {})).status).toBe(303);
    expect((await h.store.crawlState.get('tin-lao-dong'))?.paused).toBeTruthy();
    await admin.page('/admin/sources');
    await admin.post('/admin/sources/tin-lao-dong/resume', {});
    expect((await h.store.crawlState.get('tin-lao-dong'))?.paused).toBeFalsy();
    const reviewer = new Client(h as Harness);
    await reviewer.login('reviewer');
    expect((await reviewer.get('/admin/sources')).status).toBe(403);
  });

  it('/admin/model: retrain with held-out evaluation before and after, activate, roll back', async () => {
    await admin.page('/admin/model');
    expect((await admin.post('/admin/model/retrain', {})).status).toBe(303);
    const [v] = await h.store.modelVersions.list();
    expect(v.active).toBe(false);
    const before = v.evalBefore!;
    const after = v.evalAfter!;
    expect(before.examples).toBeGreaterThanOrEqual(100);
    expect(after.macroF1).toBeGreaterThan(0.5);
    const page = await admin.page('/admin/model');
    expect(page.html).toContain(after.macroF1.toFixed(3).replace('.', ','));
    await admin.post(`/admin/model/activate/${v.id}`, {});
    expect((await h.store.modelVersions.active())?.id).toBe(v.id);
    expect(h.reloads.n).toBe(1);
    await admin.page('/admin/model');
    await admin.post('/admin/model/activate/shipped', {});
    expect(await h.store.modelVersions.active()).toBeUndefined();
    const actions = (await h.store.db.all<{ action: string }>("SELECT action FROM audit_log WHERE action LIKE 'model_%' ORDER BY id")).map((r) => r.action);
    expect(actions).toEqual(['model_train', 'model_activate', 'model_activate']);
  }, 120_000);
});
