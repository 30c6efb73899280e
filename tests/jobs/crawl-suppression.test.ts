import { Hono } from 'hono';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Loader } from '../../crawlers/fetch/loader.js';
import { sourceSchema } from '../../crawlers/source-schema.js';
import { crawlSource } from '../../src/jobs/crawl-source.js';
import { createRequest, eraseForRequest } from '../../src/review/subject-service.js';
import { testLoader } from '../crawlers/helpers.js';
import { serveSite, type RunningSite } from '../fixtures/sites/serve-site.js';
import { clock, crawlDeps, tempStore, type TempStore } from './crawl-helpers.js';

interface Post {
  id: number;
  author: string;
  text: string;
  /** Permalink path; defaults to /dien-dan/bai/<id>. */
  path?: string;
}

/** A forum page rendered from `posts` on every request, with no validators: each crawl really fetches it. */
function forum(posts: Post[]): Hono {
  const app = new Hono();
  app.get('/robots.txt', (c) => c.text('User-agent: *\nAllow: /\n'));
  app.get('/dien-dan', (c) =>
    c.html(`<!doctype html><html><head><meta charset="utf-8"><title>Diễn đàn</title></head><body>${posts
      .map((p) => `<div class="post"><a class="permalink" href="${p.path ?? `/dien-dan/bai/${p.id}`}">#${p.id}</a><span class="author">${p.author}</span><div class="body"><p>${p.text}</p></div></div>`)
      .join('\n')}</body></html>`),
  );
  return app;
}

const SUBJECT = 'chi_zuyen_may';
let t: TempStore;
let site: RunningSite;
let loader: Loader;
let posts: Post[];

beforeEach(async () => {
  t = await tempStore();
  posts = [
    { id: 1, author: SUBJECT, text: 'Tổ may số ba bị cắt tiền tăng ca Brindlewick suốt hai tháng nay, ai biết hỏi ở đâu không?' },
    { id: 2, author: 'congnhan_binhduong', text: 'Công ty Đồngxoan vẫn chưa đóng bảo hiểm xã hội cho công nhân thời vụ.' },
    { id: 3, author: 'Chi_Zuyen_May', text: 'Quản đốc Thạchbàn bắt làm chủ nhật mà không trả lương gấp đôi theo luật.' },
  ];
  site = await serveSite(forum(posts));
  loader = testLoader([site.hostPort]);
});
afterEach(async () => {
  await loader.close();
  await site.close();
  await t.cleanup();
});

const source = () =>
  sourceSchema.parse({
    id: 'forum', name: 'Diễn đàn', type: 'html', url: `${site.origin}/dien-dan`, schedule: '*/30 * * * *',
    select: { item: '.post', text: '.body', author: '.author', link: 'a.permalink@href' },
  });

describe('suppression list and the crawler', () => {
  it('skips a deleted handle’s old and new posts, and their URLs under another name, on the next crawl', async () => {
    const c = clock('2026-11-20T03:00:00.000Z');
    const deps = crawlDeps(t, loader, { now: c.now });
    const first = await crawlSource(deps, source());
    expect(first).toMatchObject({ status: 'ok', found: 3, new: 3, suppressed: 0 });

    const actor = { id: null, username: 'cli:test' };
    const meta = { now: c.now() };
    const id = await createRequest(t.store, { kind: 'deletion', type: 'handle', value: `@${SUBJECT}` }, { secret: deps.secret, timeZone: 'Asia/Ho_Chi_Minh', actor, meta });
    const erased = await eraseForRequest(t.store, id, { secret: deps.secret, dataDir: t.dir, actor, meta });
    expect(erased.items).toBe(2);
    expect(await t.store.db.get<{ n: number }>('SELECT count(*) AS n FROM items')).toEqual({ n: 1 });

    // The forum now also has a new post by the subject, and someone re-posting the subject's first
    // post at its old address; the other author posts again too.
    posts.push(
      { id: 4, author: SUBJECT.toUpperCase(), text: 'Bài mới Vomberlind: hôm nay xưởng lại bắt tăng ca không báo trước.' },
      { id: 5, author: 'nguoi_dang_lai', text: 'Đăng lại giúp chị ấy Pellucidor: tổ may số ba bị cắt tiền tăng ca.', path: '/dien-dan/bai/1' },
      { id: 6, author: 'congnhan_binhduong', text: 'Cập nhật Tamblewick: công ty hứa đóng bảo hiểm từ tháng sau.' },
    );
    c.advance(3600_000);
    const fetchesBefore = site.paths().filter((p) => p === '/dien-dan').length;
    const second = await crawlSource(deps, source());
    expect(site.paths().filter((p) => p === '/dien-dan').length).toBe(fetchesBefore + 1);
    expect(second).toMatchObject({ status: 'ok', found: 6, new: 1, duplicates: 1, suppressed: 4 });
    const texts = (await t.store.db.all<{ text: string }>('SELECT text FROM items ORDER BY id')).map((r) => r.text);
    expect(texts).toEqual([posts[1].text, posts[5].text]);
    expect(await t.store.db.get<{ n: number }>('SELECT count(*) AS n FROM item_sightings')).toEqual({ n: 1 });
  });
});
