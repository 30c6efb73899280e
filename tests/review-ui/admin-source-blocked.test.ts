import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminHarness } from './admin-harness.js';
import { Client, type Harness } from './harness.js';

let h: Harness;
let admin: Client;
beforeAll(async () => {
  h = await adminHarness(); // no KC_CRAWL_ALLOW_HOSTS: loopback is refused
  admin = new Client(h);
  await admin.login('admin');
});
afterAll(() => h.close());

describe('testing a source on an internal address', () => {
  it('says in Vietnamese why it was refused and what to do, naming KC_CRAWL_ALLOW_HOSTS', async () => {
    await admin.page('/admin/sources/new');
    const fields = { recipe: 'rss', url: 'http://127.0.0.1:9/feed.xml', name: 'Trang nội bộ', unit: 'hanoi', schedule: '0 * * * *', source_id: '' };
    const html = await (await admin.post('/admin/sources/preview', fields)).text();
    expect(html).toContain('Không tải thử được: địa chỉ 127.0.0.1 là máy nội bộ');
    expect(html).toContain('KC_CRAWL_ALLOW_HOSTS=127.0.0.1');
    expect(html).not.toContain('id="save"');
    const en = await (await admin.post('/admin/sources/preview?lang=en', fields)).text();
    expect(en).toContain('127.0.0.1 is an internal address');
  });
});
