import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runAdapter } from '../../crawlers/adapters/index.js';
import { ParseError } from '../../crawlers/fetch/errors.js';
import type { Loader } from '../../crawlers/fetch/loader.js';
import { sourceSchema } from '../../crawlers/source-schema.js';
import { feedFiles, type FeedFile } from '../fixtures/sites/feed-files.js';
import { serveSite, type RunningSite } from '../fixtures/sites/serve-site.js';
import { testLoader } from './helpers.js';

// Hand-made feeds for the ways real feeds break (issue 14, findings 13-16), served on 127.0.0.1.
const FILES: Record<string, FeedFile> = {};
let site: RunningSite;
let loader: Loader;

beforeAll(async () => {
  site = await serveSite(feedFiles(FILES));
  loader = testLoader([site.hostPort]);
});
afterAll(async () => {
  await loader.close();
  await site.close();
});

const rss = (items: string, channel = '') =>
  `<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel><title>T</title>${channel}${items}</channel></rss>`;

/** Registers a feed body under a fresh name and runs the rss adapter on it. */
let n = 0;
async function crawl(body: string | Uint8Array, type?: string) {
  const name = `f${++n}.xml`;
  FILES[name] = { body, type };
  const source = sourceSchema.parse({ id: 'feed-test', name: 'Feed', type: 'rss', url: `${site.origin}/feeds/${name}` });
  return (await runAdapter(source, { loader })).items;
}

describe('finding 13: feeds that are not quite well-formed', () => {
  it('reads a feed with whitespace before the XML declaration', async () => {
    const items = await crawl(`\n   \n${rss('<item><title>Một</title><description>Nội dung</description></item>')}`);
    expect(items.map((i) => i.text)).toEqual(['Nội dung']);
  });

  it('falls back to a lenient parse for a stray & and an undeclared entity', async () => {
    const items = await crawl(rss('<item><title>AT&T cắt giảm</title><description>Lương &amp; thưởng &eacute;&foo;</description></item>'));
    expect(items).toHaveLength(1);
    expect(items[0].title).toBe('AT&T cắt giảm');
    expect(items[0].text).toContain('Lương & thưởng');
  });

  it('reads an empty <rss></rss> as no items, and still refuses an HTML page', async () => {
    expect(await crawl('<rss></rss>')).toEqual([]);
    expect(await crawl('<?xml version="1.0"?>\n<rss version="2.0"/>')).toEqual([]);
    await expect(crawl('<head><title>Moved</title></head>\n<body><h1>Moved</h1></body>', 'text/html')).rejects.toBeInstanceOf(ParseError);
  });
});
