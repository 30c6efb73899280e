import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runAdapter } from '../../crawlers/adapters/index.js';
import { ParseError } from '../../crawlers/fetch/errors.js';
import type { Loader } from '../../crawlers/fetch/loader.js';
import { sourceSchema } from '../../crawlers/source-schema.js';
import { feedFiles, type FeedFile } from '../fixtures/sites/feed-files.js';
import { serveSite, type RunningSite } from '../fixtures/sites/serve-site.js';
import { testLoader } from './helpers.js';

/**
 * The peer's corpus of real-world feeds (rss-parser's test inputs), read in place from ../shared and
 * served on 127.0.0.1 byte for byte. expected-items.json holds the peer's item count per file.
 */
const DIR = join(import.meta.dirname, '../../../shared/data/feeds/rss-parser');
const present = existsSync(join(DIR, 'expected-items.json'));
if (!present) console.warn(`feed corpus tests skipped: ${DIR} is absent (public data shared beside the repository)`);

// Entries with no text at all (no title, no content) are dropped on purpose; the peer keeps them.
const NO_TEXT: Record<string, number> = { 'incomplete-fields.atom': 1, 'missing-fields.atom': 1 };
// The peer has no expected output for this one: an HTML "Document moved" page, which is not a feed.
const NOT_A_FEED = new Set(['unrecognized.rss']);

describe.skipIf(!present)('the peer corpus of real-world feeds', () => {
  const expected = present ? (JSON.parse(readFileSync(join(DIR, 'expected-items.json'), 'utf8')) as Record<string, number | null>) : {};
  const names = present ? readdirSync(DIR).filter((f) => f in expected) : [];
  const files: Record<string, FeedFile> = {};
  for (const name of names) files[name] = { body: readFileSync(join(DIR, name)) };
  let site: RunningSite;
  let loader: Loader;
  beforeAll(async () => {
    site = await serveSite(feedFiles(files));
    loader = testLoader([site.hostPort]);
  });
  afterAll(async () => {
    await loader?.close();
    await site?.close();
  });
  const crawl = (name: string) =>
    runAdapter(sourceSchema.parse({ id: 'corpus', name, type: 'rss', url: `${site.origin}/feeds/${name}` }), { loader }).then((r) => r.items);

  it('holds every file the peer counted', () => {
    expect(names.length).toBe(Object.keys(expected).length);
  });

  it.each(names)('%s yields the peer\'s item count', async (name) => {
    if (NOT_A_FEED.has(name)) return expect(crawl(name)).rejects.toBeInstanceOf(ParseError);
    const items = await crawl(name);
    // Where the peer has no count, the number of <item>/<entry> elements in the file stands in.
    const want = expected[name] ?? (readFileSync(join(DIR, name), 'latin1').match(/<(?:item|entry)[\s>]/g) ?? []).length;
    expect(items.length).toBe(want - (NO_TEXT[name] ?? 0));
    for (const it of items) {
      expect(it.text.trim()).not.toBe('');
      // No C1 controls (windows-1252 read as ISO-8859-1) and no U+FFFD (legacy bytes read as UTF-8).
      expect(`${it.title ?? ''} ${it.text}`).not.toMatch(/[\u0080-\u009f\ufffd]/);
    }
  });

  it('reads the XHTML bodies of reddit-home.rss, not the titles (near-duplicates linked different posts)', async () => {
    const items = await crawl('reddit-home.rss');
    expect(items).toHaveLength(24);
    for (const it of items) {
      expect(it.text).not.toBe(it.title);
      expect(it.text).toMatch(/submitted by \/u\/\S+ to \/r\/\S+/);
    }
  });
});
