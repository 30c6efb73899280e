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
    const yaml = 'id: noi-bo\nname: Trang nội bộ\ntype: rss\nurl: http://127.0.0.1:9/feed.xml\nunit: hanoi\nenabled: false\n';
    const html = await (await admin.post('/admin/sources/test', { yaml })).text();
    expect(html).toContain('Không tải thử được: địa chỉ 127.0.0.1 là máy nội bộ');
    expect(html).toContain('KC_CRAWL_ALLOW_HOSTS=127.0.0.1');
    const en = await (await admin.post('/admin/sources/test?lang=en', { yaml })).text();
    expect(en).toContain('127.0.0.1 is an internal address');
  });
});
