import { type AddressInfo } from 'node:net';
import { writeFile } from 'node:fs/promises';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminHarness } from './admin-harness.js';
import { Client, type Harness } from './harness.js';

// Every page shows numbers and dates in the reader's format and instants in KC_TZ, here Tokyo (UTC+9)
// so that neither UTC nor the default Asia/Ho_Chi_Minh could pass by accident.
const FEED = `<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Tin</title>
<item><title>Công nhân chờ lương</title><link>/tin/1</link><pubDate>Fri, 20 Nov 2026 07:05:00 GMT</pubDate><description>Chưa nhận lương tháng 11.</description></item>
</channel></rss>`;
const ISO_OR_UTC = /\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}|UTC/;
/** Text of the page with the attributes (datetime="…" keeps ISO for machines) and scripts left out. */
const visible = (html: string) => html.replace(/<[^>]*>/g, ' ');

describe('local formats with KC_TZ=Asia/Tokyo', () => {
  let h: Awaited<ReturnType<typeof adminHarness>>;
  let admin: Client;
  let site: ReturnType<typeof serve>;
  let origin: string;

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
    h = await adminHarness({ KC_TZ: 'Asia/Tokyo', KC_CRAWL_ALLOW_HOSTS: '127.0.0.1' });
    admin = new Client(h as Harness);
    await admin.login('admin');
  });
  afterAll(async () => {
    site.close();
    await h.close();
  });

  it('item page: published and collected times in Tokyo time, dd/mm/yyyy HH:mm (vi) and English formats (en)', async () => {
    // Item 1: published 2026-11-01T02:00Z, collected 2026-11-19T00:00Z.
    const vi = await admin.page(`/items/${h.ids[0]}`);
    expect(vi.html).toContain('>01/11/2026 11:00</time>');
    expect(vi.html).toContain('>19/11/2026 09:00</time>');
    expect(visible(vi.html)).not.toMatch(ISO_OR_UTC);
    // Scores with a decimal comma in Vietnamese, a point in English.
    expect(vi.html).toMatch(/class="badge label-covid_false">[^<]* \d,\d\d</);
    const en = await admin.page(`/items/${h.ids[0]}?lang=en`);
    expect(en.html).toContain('>1 Nov 2026, 11:00</time>');
    expect(en.html).toContain('>19 Nov 2026, 09:00</time>');
    expect(en.html).toMatch(/class="badge label-covid_false">[^<]* \d\.\d\d</);
    await admin.get('/queue?lang=vi');
  });

  it('queue, audit and admin pages never show stored UTC text', async () => {
    // The harness clock says 2026-11-20T03:00Z: 12:00 in Tokyo.
    const audit = await admin.page('/admin/audit');
    expect(audit.html).toContain('>20/11/2026 12:00</time>');
    for (const path of ['/queue', '/admin/audit', '/admin/rules', '/admin/users', '/admin/sources', '/digests']) {
      const page = await admin.page(path);
      expect(page.res.status, path).toBe(200);
      expect(visible(page.html), path).not.toMatch(ISO_OR_UTC);
    }
    const en = await admin.page('/admin/audit?lang=en');
    expect(en.html).toContain('>20 Nov 2026, 12:00</time>');
    await admin.get('/queue?lang=vi');
  });

  it('sources page: last run in Tokyo time and health in words; source test: publication time in Tokyo time', async () => {
    mkdirSync(h.sourcesDir, { recursive: true });
    await writeFile(join(h.sourcesDir, 'tin.yaml'), `id: tin\nname: Tin\ntype: rss\nurl: ${origin}/feed.xml\nunit: hanoi\nenabled: false\n`);
    const run = await h.store.crawlRuns.start('tin', '2026-11-20T03:00:00.000Z');
    await h.store.crawlRuns.finish(run, { status: 'failed', endedAt: '2026-11-20T03:01:00.000Z', error: 'HTTP 503' });
    await h.store.crawlState.finish('tin', { ok: false, at: '2026-11-20T03:01:00.000Z', nextDueAt: '2026-11-20T04:00:00.000Z', error: 'HTTP 503', failingAfter: 3 });
    const list = await admin.page('/admin/sources');
    expect(list.html).toContain('20/11/2026 12:00 · Lỗi · HTTP 503');
    expect(list.html).toContain('Có lỗi gần đây');
    expect(list.html).not.toMatch(/>(degraded|failed)</);
    const listEn = await admin.page('/admin/sources?lang=en');
    expect(listEn.html).toContain('20 Nov 2026, 12:00 · Failed · HTTP 503');
    await admin.get('/queue?lang=vi');

    const fields = { recipe: 'rss', url: `${origin}/feed.xml`, name: 'Tin thử', unit: 'hanoi', schedule: '0 * * * *', source_id: '' };
    await admin.page('/admin/sources/new');
    const test = await (await admin.post('/admin/sources/preview', fields)).text();
    expect(test).toContain('Công nhân chờ lương');
    expect(test).toContain('20/11/2026 16:05');
    const testEn = await (await admin.post('/admin/sources/preview?lang=en', fields)).text();
    expect(testEn).toContain('20 Nov 2026, 16:05');
  });
});
