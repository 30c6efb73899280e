import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runAdapter } from '../../crawlers/adapters/index.js';
import { DocumentWorker } from '../../crawlers/adapters/document-worker.js';
import { BlockedError, HttpError } from '../../crawlers/fetch/errors.js';
import type { Loader } from '../../crawlers/fetch/loader.js';
import { recipeOf, RecipeError, sourceFromRecipe, type RecipeInput } from '../../crawlers/recipes/index.js';
import { sourceYaml } from '../../crawlers/recipes/source-yaml.js';
import { parseSourceFile } from '../../crawlers/source-schema.js';
import { serveRecipeSites, type RecipeSites } from '../fixtures/sites/recipe-sites.js';
import { testLoader } from './helpers.js';

let sites: RecipeSites;
let loader: Loader;
const documents = new DocumentWorker();

beforeAll(async () => {
  sites = await serveRecipeSites();
  loader = testLoader(['127.0.0.1']);
});
afterAll(async () => {
  await loader.close();
  await documents.close();
  await sites.close();
});

const input = (recipe: RecipeInput['recipe'], url: string, extra: Partial<RecipeInput> = {}): RecipeInput => ({ recipe, url, id: 'thu-nghiem', name: 'Thử nghiệm', schedule: '0 * * * *', enabled: true, ...extra });

/** Resolves a recipe and runs the resulting source like a crawl (nothing stored). */
async function preview(recipe: RecipeInput['recipe'], url: string, extra: Partial<RecipeInput> = {}) {
  const { source, errors } = await sourceFromRecipe(input(recipe, url, extra), { loader, documents });
  expect(errors).toEqual([]);
  const res = await runAdapter(source!, { loader, documents, timeZone: 'Asia/Ho_Chi_Minh' });
  return { source: source!, items: res.items };
}

describe('source recipes on their fixture sites', () => {
  it('RSS: the feed announced in <head> (not the comments feed), read by the feed adapter', async () => {
    const { source, items } = await preview('rss', `${sites.news.origin}/`);
    expect(source).toMatchObject({ type: 'rss', url: `${sites.news.origin}/rss/cong-doan.rss` });
    expect(items.map((i) => i.title)).toEqual(['Công đoàn đề nghị thưởng Tết sớm cho công nhân', 'Khám sức khỏe định kỳ miễn phí cho đoàn viên', 'Hỏi đáp: nghỉ việc có được trả phép năm?']);
    expect(items[0]).toMatchObject({ publishedAt: '2026-12-01T01:30:00.000Z', url: `${sites.news.origin}/cong-doan/thuong-tet-2027.html`, source: 'thu-nghiem' });
    // A feed URL given directly stays as it is.
    expect((await preview('rss', source.url)).source.url).toBe(source.url);
  });

  it('WordPress: the REST API the site announces, newest posts with their UTC dates; a protected post gives its excerpt', async () => {
    const { source, items } = await preview('wordpress', `${sites.wordpress.origin}/`);
    expect(source.type).toBe('wordpress');
    expect(new URL(source.url).pathname).toBe('/wp-json/wp/v2/posts');
    expect(new URL(source.url).searchParams.get('_fields')).toBe('link,date,date_gmt,title,content,excerpt');
    expect(items).toHaveLength(3);
    expect(items[0]).toMatchObject({
      title: 'Lương tối thiểu vùng tăng từ 1/1: doanh nghiệp phải điều chỉnh thang lương',
      publishedAt: '2026-11-30T02:15:00.000Z',
      url: `${sites.wordpress.origin}/2026/11/30/luong-toi-thieu-vung/`,
    });
    expect(items[0].text).toContain('Công đoàn cơ sở cần rà soát thang lương');
    expect(items[1].text).toBe('Tóm tắt: ban chấp hành thống nhất kế hoạch chăm lo Tết cho đoàn viên khó khăn.');
    expect(items[2].title).toBe('Cảnh giác tin đồn “uống nước muối chữa cúm”');
  });

  it('Discourse: /posts.json of the forum, member posts only, links built from topic slug, id and post number', async () => {
    const { source, items } = await preview('discourse', `${sites.discourse.origin}/latest`);
    expect(source).toMatchObject({ type: 'discourse', url: `${sites.discourse.origin}/posts.json` });
    expect(items.map((i) => i.url)).toEqual([`${sites.discourse.origin}/t/gioi-han-gio-tang-ca/1201/3`, `${sites.discourse.origin}/t/cong-ty-no-bhxh-thai-san/1199/1`]);
    expect(items[0]).toMatchObject({ title: 'Giới hạn giờ tăng ca', author: 'to_truong_may', publishedAt: '2026-12-01T03:20:11.482Z' });
    expect(items[1].text).toBe('Công ty nợ bảo hiểm xã hội ba tháng, chị em muốn hỏi thủ tục hưởng chế độ thai sản.');
  });

  it('XenForo: the board feed its pages announce, under the folder the forum lives in', async () => {
    const { source, items } = await preview('xenforo', `${sites.xenforo.origin}/forum/`);
    expect(source).toMatchObject({ type: 'rss', url: `${sites.xenforo.origin}/forum/forums/-/index.rss` });
    expect(items).toHaveLength(2);
    expect(items[0]).toMatchObject({ title: 'Phụ cấp độc hại chưa điều chỉnh theo lương vùng', author: 'tho_han_92', publishedAt: '2026-12-01T04:00:12.000Z' });
    expect(items[0].text).toContain('chưa tính theo lương tối thiểu vùng mới.\n\nAnh em nên hỏi công đoàn ở đâu?');
    expect(recipeOf(source)).toBe('xenforo');
  });

  it('Mastodon account: lookup, then its own statuses through the public API', async () => {
    const { source, items } = await preview('mastodon', `${sites.mastodon.origin}/@congdoan_vidu`);
    expect(source).toMatchObject({ type: 'json', url: `${sites.mastodon.origin}/api/v1/accounts/109876543210987654/statuses?exclude_replies=true&exclude_reblogs=true&limit=40` });
    expect(items).toHaveLength(2);
    expect(items[0]).toMatchObject({ author: 'congdoan_vidu', publishedAt: '2026-12-01T01:05:00.000Z', url: `${sites.mastodon.origin}/@congdoan_vidu/113500000000000002` });
    expect(items[0].text).toBe('Nhắc đoàn viên: từ 1/1 #luongtoithieu vùng tăng, kiểm tra phiếu lương tháng 1 nhé.');
    expect(recipeOf(source)).toBe('mastodon');
    await expect(sourceFromRecipe(input('mastodon', `${sites.mastodon.origin}/@khong_co_ai`), { loader, documents })).rejects.toMatchObject({ code: 'no_account' });
  });

  it('Mastodon hashtag: the tag timeline API; on a server closed to visitors, the tag RSS', async () => {
    const open = await preview('mastodon', `${sites.mastodon.origin}/tags/luongtoithieu`);
    expect(open.source.url).toBe(`${sites.mastodon.origin}/api/v1/timelines/tag/luongtoithieu?limit=40`);
    expect(open.items[0]).toMatchObject({ author: 'cong_nhan_a@other.example' });
    const closed = await preview('mastodon', `${sites.mastodonClosed.origin}/tags/luongtoithieu`);
    expect(closed.source).toMatchObject({ type: 'rss', url: `${sites.mastodonClosed.origin}/tags/luongtoithieu.rss` });
    expect(closed.items[0].text).toBe('Xưởng mình đã nhận bảng lương mới theo #luongtoithieu, cảm ơn công đoàn.');
    expect(recipeOf(closed.source)).toBe('mastodon');
  });

  it('YouTube: the channel page gives its videos.xml feed; the description is the text, a video without one keeps its title', async () => {
    const { source, items } = await preview('youtube', `${sites.youtube.origin}/@truyenhinhcongdoan`);
    expect(source).toMatchObject({ type: 'rss', url: `${sites.youtube.origin}/feeds/videos.xml?channel_id=UC0aBcDeFgHiJkLmNoPqRsTu` });
    expect(items.map((i) => [i.title, i.text, i.url])).toEqual([
      ['Bản tin người lao động ngày 30/11', 'Trong bản tin: công đoàn hỗ trợ công nhân mất việc, lịch chi trả trợ cấp thất nghiệp tháng 12.', `${sites.youtube.origin}/watch?v=AbCdEfGhIjK`],
      ['Hỏi đáp: tăng ca bao nhiêu giờ là đúng luật?', 'Hỏi đáp: tăng ca bao nhiêu giờ là đúng luật?', `${sites.youtube.origin}/watch?v=ZyXwVuTsRqP`],
    ]);
    expect(recipeOf(source)).toBe('youtube');
    // A /channel/UC… URL needs no fetch; youtube.com in any form is read from www.youtube.com.
    const direct = await sourceFromRecipe(input('youtube', 'https://m.youtube.com/channel/UC0aBcDeFgHiJkLmNoPqRsTu/videos'), { loader, documents });
    expect(direct.source?.url).toBe('https://www.youtube.com/feeds/videos.xml?channel_id=UC0aBcDeFgHiJkLmNoPqRsTu');
  });

  it('Telegram: t.me/NAME becomes the public page t.me/s/NAME, one item per post with text, the quoted reply left out', async () => {
    const resolved = await sourceFromRecipe(input('telegram', 'https://t.me/congdoan_kcn_vidu/211'), { loader, documents });
    expect(resolved.source).toMatchObject({ type: 'html', url: 'https://t.me/s/congdoan_kcn_vidu' });
    await expect(sourceFromRecipe(input('telegram', 'https://t.me/+AbCdEf123'), { loader, documents })).rejects.toBeInstanceOf(RecipeError);
    const { source, items } = await preview('telegram', `${sites.telegram.origin}/congdoan_kcn_vidu`);
    expect(source.url).toBe(`${sites.telegram.origin}/s/congdoan_kcn_vidu`);
    expect(items).toHaveLength(2); // the photo-only post has no text
    expect(items[0]).toMatchObject({ url: 'https://t.me/congdoan_kcn_vidu/211', publishedAt: '2026-12-01T02:15:09.000Z' });
    expect(items[0].text).toBe('Thông báo: Công đoàn KCN tổ chức tư vấn pháp luật lao động miễn phí vào sáng chủ nhật 6/12 tại nhà văn hóa công nhân.\n\nĐoàn viên mang theo hợp đồng lao động nếu cần hỏi.');
    expect(items[1]).toMatchObject({ text: 'Cập nhật: buổi tư vấn có thêm luật sư về bảo hiểm xã hội.', author: 'Ban tuyên giáo' });
    expect(recipeOf(source)).toBe('telegram');
  });

  it('generic HTML: the selectors as given; without item and text selectors the recipe refuses', async () => {
    const select = { item: '.news-item', text: '.news-body', title: '.news-title', published: 'time@datetime', link: '.news-title a@href' };
    const { source, items } = await preview('html', `${sites.generic.origin}/ban-tin`, { select });
    expect(source).toMatchObject({ type: 'html', select });
    expect(items.map((i) => i.title)).toEqual(['Hỗ trợ công nhân mất việc dịp cuối năm', 'Tháng an toàn vệ sinh lao động']);
    expect(items[0].url).toBe(`${sites.generic.origin}/ban-tin/ho-tro-cong-nhan-mat-viec`);
    await expect(sourceFromRecipe(input('html', `${sites.generic.origin}/ban-tin`), { loader, documents })).rejects.toMatchObject({ code: 'selectors' });
  });

  it('a page without a feed, a site that is not WordPress: the recipe says so', async () => {
    await expect(sourceFromRecipe(input('rss', `${sites.generic.origin}/ban-tin`), { loader, documents })).rejects.toMatchObject({ code: 'no_feed' });
    await expect(sourceFromRecipe(input('wordpress', `${sites.generic.origin}/ban-tin`), { loader, documents })).rejects.toMatchObject({ code: 'not_platform' });
    await expect(sourceFromRecipe(input('youtube', `${sites.generic.origin}/ban-tin`), { loader, documents })).rejects.toMatchObject({ code: 'no_channel' });
  });

  it('recipes fetch through the crawler loader: loopback is refused unless allow-listed, robots.txt applies', async () => {
    const strict = testLoader([]);
    try {
      await expect(sourceFromRecipe(input('rss', `${sites.news.origin}/`), { loader: strict, documents })).rejects.toBeInstanceOf(BlockedError);
    } finally {
      await strict.close();
    }
    await expect(sourceFromRecipe(input('rss', `${sites.news.origin}/admin/feed`), { loader, documents })).rejects.toMatchObject({ reason: 'robots' });
    await expect(sourceFromRecipe(input('rss', `${sites.news.origin}/khong-co`), { loader, documents })).rejects.toBeInstanceOf(HttpError);
  });

  it('a resolved source is written as YAML the crawler reads back the same; an edit keeps the file’s comments', async () => {
    const { source } = await preview('mastodon', `${sites.mastodon.origin}/@congdoan_vidu`);
    const text = sourceYaml(source, { note: 'Thử nghiệm: added from the admin form.' });
    const back = parseSourceFile(text, 'thu-nghiem.yaml').source!;
    expect({ ...back, file: undefined }).toEqual({ ...source, file: undefined });
    const edited = sourceYaml({ ...source, name: 'Tên mới', enabled: false }, { existing: `# giữ lời chú thích này\n${text}` });
    expect(edited).toContain('# giữ lời chú thích này');
    expect(parseSourceFile(edited, 'thu-nghiem.yaml').source).toMatchObject({ name: 'Tên mới', enabled: false, fields: { text: 'content' } });
  });
});
