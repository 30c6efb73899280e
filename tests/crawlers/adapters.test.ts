import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runAdapter } from '../../crawlers/adapters/index.js';
import { tipFromText, tipFromUrl } from '../../crawlers/adapters/tips.js';
import { ParseError } from '../../crawlers/fetch/errors.js';
import type { Loader } from '../../crawlers/fetch/loader.js';
import { sourceSchema, type SourceDef } from '../../crawlers/source-schema.js';
import { forumSite, FORUM_POSTS } from '../fixtures/sites/forum-site.js';
import { jsonApi, STATUSES } from '../fixtures/sites/json-api.js';
import { ARTICLES, newsSite } from '../fixtures/sites/news-site.js';
import { serveSite, type RunningSite } from '../fixtures/sites/serve-site.js';
import { MemoryValidators, testLoader } from './helpers.js';

let news: RunningSite;
let forum: RunningSite;
let api: RunningSite;
let loader: Loader;
const validators = new MemoryValidators();

beforeAll(async () => {
  [news, forum, api] = await Promise.all([serveSite(newsSite()), serveSite(forumSite()), serveSite(jsonApi())]);
  loader = testLoader([news.hostPort, forum.hostPort, api.hostPort], { validators });
});
afterAll(async () => {
  await loader.close();
  await Promise.all([news.close(), forum.close(), api.close()]);
});

const source = (def: Record<string, unknown>): SourceDef => sourceSchema.parse({ id: 'test-src', name: 'Test', unit: 'tkv-hq', ...def });

describe('rss adapter', () => {
  it('extracts RSS items with Vietnamese text intact', async () => {
    const res = await runAdapter(source({ type: 'rss', url: `${news.origin}/rss.xml` }), { loader });
    expect(res.items).toHaveLength(3);
    const [first] = res.items;
    expect(first).toEqual({
      source: 'test-src',
      unit: 'tkv-hq',
      title: ARTICLES[0].title,
      text: `${ARTICLES[0].body}\n\nXem thêm…`,
      url: `${news.origin}/bai-viet/1`,
      author: ARTICLES[0].author,
      publishedAt: '2024-03-04T01:15:00.000Z',
    });
    expect(first.text.normalize('NFC')).toBe(first.text);
  });

  it('sends If-None-Match the second time and gets nothing new from a 304', async () => {
    const src = source({ type: 'rss', url: `${news.origin}/rss.xml` });
    const first = await runAdapter(src, { loader });
    expect(first.validators).toEqual([{ url: `${news.origin}/rss.xml`, etag: '"feed-v1"', lastModified: undefined }]);
    validators.put(first.validators);
    const second = await runAdapter(src, { loader });
    expect(second).toMatchObject({ notModified: true, items: [] });
    const last = news.requests.filter((r) => r.path === '/rss.xml').at(-1)!;
    expect(last.headers['if-none-match']).toBe('"feed-v1"');
  });

  it('reads Atom, resolving relative links against xml:base / the feed URL', async () => {
    const src = source({ type: 'rss', url: `${news.origin}/atom.xml` });
    const res = await runAdapter(src, { loader });
    expect(res.items.map((i) => i.title)).toEqual(ARTICLES.map((a) => a.title));
    expect(res.items[2]).toMatchObject({ text: ARTICLES[2].body, url: `${news.origin}/bai-viet/3`, author: ARTICLES[2].author });
    validators.put(res.validators);
    expect(await runAdapter(src, { loader })).toMatchObject({ notModified: true });
    expect(news.requests.filter((r) => r.path === '/atom.xml').at(-1)!.headers['if-modified-since']).toBe('Wed, 06 Mar 2024 00:30:00 GMT');
  });

  it('rejects something that is not a feed', async () => {
    await expect(runAdapter(source({ type: 'rss', url: `${news.origin}/bai-viet/1` }), { loader })).rejects.toBeInstanceOf(ParseError);
  });
});

describe('html adapter', () => {
  const forumSource = (maxPages: number) =>
    source({
      type: 'html',
      url: `${forum.origin}/dien-dan`,
      select: { item: '.post', text: '.body', title: '.title', author: '.author', published: 'time@datetime', link: 'a.permalink@href' },
      next: 'a.next@href',
      max_pages: maxPages,
    });

  it('follows pagination up to max_pages', async () => {
    const res = await runAdapter(forumSource(2), { loader });
    expect(res.pages).toBe(2);
    expect(res.items.map((i) => i.author)).toEqual(FORUM_POSTS.slice(0, 4).map((p) => p.author));
    expect(res.items[3]).toEqual({
      source: 'test-src',
      unit: 'tkv-hq',
      text: FORUM_POSTS[3].text,
      title: FORUM_POSTS[3].title,
      author: 'ẩn_danh',
      publishedAt: '2024-03-06T01:45:00.000Z',
      url: `${forum.origin}/dien-dan/bai/4`,
    });
  });

  it('stops at a next page that robots.txt disallows, without requesting it', async () => {
    const res = await runAdapter(forumSource(10), { loader });
    expect(res.items).toHaveLength(FORUM_POSTS.length);
    expect(res.pages).toBe(3);
    expect(res.stoppedBy).toMatch(/robots\.txt/);
    expect(forum.paths().some((p) => p.startsWith('/private'))).toBe(false);
  });

  it('decodes a windows-1258 page into NFC Vietnamese', async () => {
    const res = await runAdapter(source({ type: 'html', url: `${news.origin}/legacy`, select: { item: '.post', text: '.body' } }), { loader });
    expect(res.items[0].text).toBe('nợ lương');
  });
});

describe('json adapter', () => {
  const fields = { text: 'content', author: 'account.username', published: 'created_at', link: 'url' };

  it('maps a bare array (Mastodon timeline), turning HTML content into text', async () => {
    const res = await runAdapter(source({ type: 'json', url: `${api.origin}/api/v1/timelines/tag/congdoan`, fields }), { loader });
    expect(res.items).toHaveLength(2);
    expect(res.items[0]).toEqual({
      source: 'test-src',
      unit: 'tkv-hq',
      text: 'Công đoàn cơ sở đã giúp chúng tôi đòi lại tiền lương làm thêm giờ. Cảm ơn #congdoan',
      author: 'thanh',
      publishedAt: STATUSES[0].created_at,
      url: STATUSES[0].url,
    });
    expect(res.items[1].url).toBe(`${api.origin}/statuses/112`);
  });

  it('follows a dot path to the array', async () => {
    const res = await runAdapter(source({ type: 'json', url: `${api.origin}/api/wrapped`, items: 'data.posts', fields }), { loader });
    expect(res.items.map((i) => i.author)).toEqual(['thanh', 'mai_y_te']);
  });

  it('explains a path that is not an array, and invalid JSON', async () => {
    await expect(runAdapter(source({ type: 'json', url: `${api.origin}/api/not-array`, items: 'data.posts', fields }), { loader })).rejects.toThrow(
      '"data.posts" is not an array',
    );
    await expect(runAdapter(source({ type: 'json', url: `${api.origin}/api/broken`, fields }), { loader })).rejects.toBeInstanceOf(ParseError);
  });
});

describe('tips', () => {
  it('reads the article text of a submitted URL, without navigation and footer', async () => {
    const tip = await tipFromUrl(loader, `${news.origin}/bai-viet/1`, { unit: 'tkv-hq' });
    expect(tip.title).toBe(ARTICLES[0].title);
    expect(tip.text).toContain(ARTICLES[0].body);
    expect(tip.text).toContain('đường dây nóng Công đoàn');
    expect(tip.text).not.toContain('Trang chủ');
    expect(tip.text).not.toContain('©');
    expect(tip).toMatchObject({ source: 'tip', unit: 'tkv-hq', author: ARTICLES[0].author, url: `${news.origin}/bai-viet/1` });
  });

  it('refuses a URL robots.txt disallows', async () => {
    await expect(tipFromUrl(loader, `${news.origin}/private/x`)).rejects.toThrow(/robots/);
  });

  it('takes pasted text as is (tidied)', () => {
    expect(tipFromText('  Công nhân   bị nợ lương \r\n\r\n\r\n ba tháng ')).toEqual({ source: 'tip', text: 'Công nhân bị nợ lương\n\nba tháng' });
    expect(() => tipFromText('   ')).toThrow(ParseError);
  });
});
