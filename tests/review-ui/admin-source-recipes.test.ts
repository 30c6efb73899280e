import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseSourceFile } from '../../crawlers/source-schema.js';
import { serveRecipeSites, type RecipeSites } from '../fixtures/sites/recipe-sites.js';
import { adminHarness } from './admin-harness.js';
import { Client, type Harness } from './harness.js';

let sites: RecipeSites;
let h: Awaited<ReturnType<typeof adminHarness>>;
let admin: Client;

beforeAll(async () => {
  sites = await serveRecipeSites();
  // The crawler's SSRF guard refuses loopback; the fixture sites are allow-listed like any crawl test's.
  h = await adminHarness({ KC_CRAWL_ALLOW_HOSTS: '127.0.0.1' });
  admin = new Client(h as Harness);
  await admin.login('admin');
  await admin.page('/admin/sources/new');
});
afterAll(async () => {
  await h?.close();
  await sites?.close();
});

const form = (recipe: string, url: string, extra: Record<string, string> = {}) => ({ recipe, url, name: 'Nguồn thử', unit: 'hanoi', schedule: '*/30 * * * *', enabled: '1', source_id: '', ...extra });

describe('/admin/sources recipe form: preview through app.request()', () => {
  it('the new-source page is fields (recipe, URL, name, unit from the managed list, schedule), no YAML textarea, no save before a preview', async () => {
    const { res, html } = await admin.page('/admin/sources/new');
    expect(res.status).toBe(200);
    expect(html).not.toContain('<textarea');
    for (const r of ['rss', 'wordpress', 'discourse', 'xenforo', 'mastodon', 'youtube', 'telegram', 'html']) expect(html).toContain(`<option value="${r}"`);
    expect(html).toContain('Loại nguồn');
    expect(html).toMatch(/<select id="unit" name="unit"[^>]*>[\s\S]*<option value="hanoi"/);
    expect(html).toContain('id="preview"');
    expect(html).not.toContain('id="save"');
  });

  const cases: Array<[string, () => Record<string, string>, string, string]> = [
    ['rss', () => form('rss', `${sites.news.origin}/`), 'Công đoàn đề nghị thưởng Tết sớm cho công nhân', '/rss/cong-doan.rss'],
    ['wordpress', () => form('wordpress', `${sites.wordpress.origin}/`), 'Lương tối thiểu vùng tăng từ 1/1', '/wp-json/wp/v2/posts'],
    ['discourse', () => form('discourse', `${sites.discourse.origin}/latest`), 'Giới hạn giờ tăng ca', '/posts.json'],
    ['xenforo', () => form('xenforo', `${sites.xenforo.origin}/forum/`), 'Phụ cấp độc hại chưa điều chỉnh theo lương vùng', '/forum/forums/-/index.rss'],
    ['mastodon account', () => form('mastodon', `${sites.mastodon.origin}/@congdoan_vidu`), 'Nhắc đoàn viên: từ 1/1 #luongtoithieu vùng tăng', '/api/v1/accounts/109876543210987654/statuses'],
    ['mastodon hashtag', () => form('mastodon', `${sites.mastodonClosed.origin}/tags/luongtoithieu`), 'Xưởng mình đã nhận bảng lương mới', '/tags/luongtoithieu.rss'],
    ['youtube', () => form('youtube', `${sites.youtube.origin}/@truyenhinhcongdoan`), 'Bản tin người lao động ngày 30/11', '/feeds/videos.xml?channel_id=UC0aBcDeFgHiJkLmNoPqRsTu'],
    ['telegram', () => form('telegram', `${sites.telegram.origin}/congdoan_kcn_vidu`), 'Thông báo: Công đoàn KCN tổ chức tư vấn pháp luật', '/s/congdoan_kcn_vidu'],
    ['generic html', () => form('html', `${sites.generic.origin}/ban-tin`, { item: '.news-item', text: '.news-body', title: '.news-title', published: 'time@datetime', link: '.news-title a@href' }), 'Hỗ trợ công nhân mất việc dịp cuối năm', '/ban-tin'],
  ];

  for (const [name, fields, first, path] of cases) {
    it(`${name}: preview shows the first items (title, date, excerpt) and where they come from; nothing is stored`, async () => {
      const before = await h.store.items.count();
      const res = await admin.post('/admin/sources/preview', fields());
      const html = await res.text();
      expect(res.status, html.slice(0, 2000)).toBe(200);
      expect(html).toContain('id="source-preview"');
      expect(html).toContain(first);
      expect(html).toContain(path.replaceAll('&', '&amp;'));
      expect(html).toMatch(/<time datetime="20\d\d-/);
      expect(html).toContain('id="save"');
      expect(await h.store.items.count()).toBe(before);
    });
  }

  it('save writes the source file (recipe → definition, unit, schedule), then the edit form shows it and keeps the file’s comments', async () => {
    const res = await admin.post('/admin/sources', form('wordpress', `${sites.wordpress.origin}/`, { name: 'Góc Người Lao Động' }));
    expect(res.status).toBe(303);
    const file = join(h.sourcesDir, 'goc-nguoi-lao-dong.yaml');
    const text = await readFile(file, 'utf8');
    const def = parseSourceFile(text, file).source!;
    expect(def).toMatchObject({ id: 'goc-nguoi-lao-dong', name: 'Góc Người Lao Động', type: 'wordpress', unit: 'hanoi', schedule: '*/30 * * * *', enabled: true });
    expect(text).toMatch(/^# Góc Người Lao Động: added from the admin form \(recipe wordpress/);
    expect(await h.store.db.get("SELECT target_id AS id FROM audit_log WHERE action = 'source_save' ORDER BY id DESC LIMIT 1")).toEqual({ id: 'goc-nguoi-lao-dong' });
    expect((await admin.page('/admin/sources')).html).toContain('goc-nguoi-lao-dong');
    // The same name again gets its own id, never overwriting the first file.
    expect((await admin.post('/admin/sources', form('discourse', `${sites.discourse.origin}/`, { name: 'Góc Người Lao Động' }))).status).toBe(303);
    expect(parseSourceFile(await readFile(join(h.sourcesDir, 'goc-nguoi-lao-dong-2.yaml'), 'utf8'), 'x').source?.type).toBe('discourse');

    await writeFile(file, `# ghi chú của quản trị viên\n${text}`);
    const edit = await admin.page('/admin/sources/goc-nguoi-lao-dong');
    expect(edit.html).toContain('<option value="wordpress" selected');
    expect(edit.html).toContain('id="save"');
    expect(edit.html).toContain('ghi chú của quản trị viên'); // the file, read-only
    const saved = await admin.post('/admin/sources/goc-nguoi-lao-dong', form('wordpress', def.url, { name: 'Góc NLĐ', unit: '', schedule: '0 6 * * *', enabled: '' }));
    expect(saved.status).toBe(303);
    const after = await readFile(file, 'utf8');
    expect(after).toContain('# ghi chú của quản trị viên');
    expect(parseSourceFile(after, file).source).toMatchObject({ id: 'goc-nguoi-lao-dong', name: 'Góc NLĐ', schedule: '0 6 * * *', type: 'wordpress', url: def.url });
    expect(parseSourceFile(after, file).source?.unit).toBeUndefined();
  });

  it('a source the form cannot express (custom JSON fields) is edited as "keep the file’s reading rules"', async () => {
    await writeFile(join(h.sourcesDir, 'api-rieng.yaml'), `id: api-rieng\nname: API riêng\ntype: json\nurl: ${sites.mastodon.origin}/api/v1/timelines/tag/luongtoithieu\nitems: ""\nfields: { text: content, title: spoiler_text }\nenabled: false\n`);
    const edit = await admin.page('/admin/sources/api-rieng');
    expect(edit.html).toContain('<option value="file" selected');
    expect((await admin.post('/admin/sources/api-rieng', form('file', `${sites.mastodon.origin}/api/v1/timelines/tag/luongtoithieu`, { name: 'API riêng (sửa)' }))).status).toBe(303);
    const def = parseSourceFile(await readFile(join(h.sourcesDir, 'api-rieng.yaml'), 'utf8'), 'api-rieng.yaml').source!;
    expect(def).toMatchObject({ name: 'API riêng (sửa)', type: 'json', fields: { text: 'content', title: 'spoiler_text' }, enabled: true, unit: 'hanoi' });
    // A new source cannot pick "file".
    expect((await admin.post('/admin/sources/preview', form('file', `${sites.news.origin}/`))).status).toBe(400);
  });

  it('errors stay next to their fields (aria-invalid, aria-describedby) with what was typed', async () => {
    const res = await admin.post('/admin/sources/preview', form('rss', 'ftp://tin.example/feed', { name: '', unit: 'khong-co-don-vi' }));
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toMatch(/<input id="url"[^>]*value="ftp:\/\/tin.example\/feed"[^>]*aria-invalid="true" aria-describedby="url-error url-help"/);
    expect(html).toContain('Nhập một địa chỉ đầy đủ bắt đầu bằng http:// hoặc https://.');
    expect(html).toMatch(/<input id="name"[^>]*aria-invalid="true"/);
    expect(html).toMatch(/<select id="unit" name="unit" aria-invalid="true"/);
    const html2 = await (await admin.post('/admin/sources/preview', form('html', `${sites.generic.origin}/ban-tin`, { item: '.news-item', text: '' }))).text();
    expect(html2).toMatch(/<input id="select.text"[^>]*aria-invalid="true"/);
  });

  it('what the recipe finds wrong is said in Vietnamese: no feed on the page, robots.txt, an unknown account', async () => {
    const noFeed = await (await admin.post('/admin/sources/preview', form('rss', `${sites.generic.origin}/ban-tin`))).text();
    expect(noFeed).toContain('không khai báo nguồn tin RSS/Atom nào');
    const robots = await (await admin.post('/admin/sources/preview', form('rss', `${sites.news.origin}/admin/rss`))).text();
    expect(robots).toContain('không cho phép thu thập tự động (robots.txt)');
    const account = await (await admin.post('/admin/sources/preview', form('mastodon', `${sites.mastodon.origin}/@khong_co_ai`))).text();
    expect(account).toContain('Máy chủ Mastodon không có tài khoản khong_co_ai');
    expect(account).not.toContain('id="save"');
    const en = await (await admin.post('/admin/sources/preview?lang=en', form('rss', `${sites.generic.origin}/ban-tin`))).text();
    expect(en).toContain('announces no RSS/Atom feed');
  });

  it('reviewers cannot open the form or preview', async () => {
    const reviewer = new Client(h as Harness);
    await reviewer.login('reviewer');
    expect((await reviewer.get('/admin/sources/new')).status).toBe(403);
    expect((await reviewer.post('/admin/sources/preview', form('rss', `${sites.news.origin}/`))).status).toBe(403);
  });
});
