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

describe('finding 14: markup inside a field', () => {
  const atom = (entries: string) => `<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"><title>R</title>${entries}</feed>`;

  it('keeps the text of an Atom type="xhtml" body, in order, instead of the title', async () => {
    const items = await crawl(
      atom(`<entry><title>Tiêu đề bài</title><link href="http://127.0.0.1/p/1"/><content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml"><table><tr><td>&#32; submitted by &#32;<a href="/u/an">/u/an</a>&#32; to &#32;<a href="/r/congdoan">/r/congdoan</a><br/><span><a href="/x">[link]</a></span></td></tr></table></div></content></entry>`),
    );
    expect(items[0].title).toBe('Tiêu đề bài');
    expect(items[0].text).toBe('submitted by /u/an to /r/congdoan\n[link]');
  });

  it('keeps unescaped HTML elements of an RSS description in document order', async () => {
    const items = await crawl(
      rss(`<item><title>Việc</title><description>
        <strong>Task_A</strong> <small>8/7</small><p>Mô tả A</p>
        <strong>Task_B</strong> <small>6/7</small><p>Mô tả B</p>
      </description></item>`),
    );
    expect(items[0].text).toBe('Task_A 8/7\nMô tả A\n\nTask_B 6/7\nMô tả B');
  });

  it('still reads escaped HTML and CDATA bodies, and HTML-only entities', async () => {
    const items = await crawl(
      rss(`<item><title>A &amp;amp; B</title><description>&lt;p&gt;Nợ lương&lt;/p&gt;&lt;p&gt;caf&amp;eacute; &amp;lt;3&lt;/p&gt;</description></item>
           <item><title>C</title><content:encoded xmlns:content="http://purl.org/rss/1.0/modules/content/"><![CDATA[<p>Một</p><p>Hai &amp; ba</p>]]></content:encoded></item>`),
    );
    expect(items.map((i) => [i.title, i.text])).toEqual([
      ['A & B', 'Nợ lương\n\ncafé <3'],
      ['C', 'Một\n\nHai & ba'],
    ]);
  });
});

describe('finding 15: encodings', () => {
  const body = (decl: string) => rss('<item><title>Tin</title><description>BODY</description></item>').replace('encoding="UTF-8"', `encoding="${decl}"`);
  /** The feed with BODY replaced by raw bytes, the rest ASCII. */
  const bytes = (decl: string, raw: number[]) => {
    const [a, b] = body(decl).split('BODY');
    return Buffer.concat([Buffer.from(a, 'latin1'), Buffer.from(raw), Buffer.from(b, 'latin1')]);
  };
  // “Lương” – 5€ in windows-1252 bytes (ư and ơ have no windows-1252 byte: "Luong").
  const CP1252 = [0x93, 0x4c, 0x75, 0x6f, 0x6e, 0x67, 0x94, 0x20, 0x96, 0x20, 0x35, 0x80];

  it('decodes windows-1252 bytes 0x80–0x9F to quotes, dashes and €, also when labelled ISO-8859-1', async () => {
    expect((await crawl(bytes('windows-1252', CP1252)))[0].text).toBe('“Luong” – 5€');
    expect((await crawl(bytes('ISO-8859-1', CP1252)))[0].text).toBe('“Luong” – 5€');
    expect((await crawl(bytes('UTF-8', [0x43, 0x61, 0x66, 0xe9]), 'text/xml; charset=iso-8859-1'))[0].text).toBe('Café');
  });

  it('reads a UTF-8 body that is declared ISO-8859-1 as UTF-8', async () => {
    const utf8 = [...Buffer.from('Café – nợ lương')];
    expect((await crawl(bytes('ISO-8859-1', utf8)))[0].text).toBe('Café – nợ lương');
    expect((await crawl(bytes('UTF-8', utf8), 'application/rss+xml; charset=ISO-8859-1'))[0].text).toBe('Café – nợ lương');
  });

  it('reads UTF-16 without a BOM and UTF-32 with and without one', async () => {
    const feed = (decl: string) => body(decl).replace('BODY', 'Công nhân nợ lương 😟');
    const utf16be = (s: string) => Buffer.from(s, 'utf16le').swap16();
    const utf32 = (s: string, le: boolean) => {
      const cps = [...s].map((c) => c.codePointAt(0)!);
      const b = Buffer.alloc(cps.length * 4);
      cps.forEach((cp, i) => (le ? b.writeUInt32LE(cp, i * 4) : b.writeUInt32BE(cp, i * 4)));
      return b;
    };
    const bodies = [
      Buffer.from(feed('UTF-16'), 'utf16le'),
      utf16be(feed('UTF-16')),
      utf32(feed('UTF-32'), true),
      utf32(feed('UTF-32'), false),
      utf32(`\ufeff${feed('UTF-32')}`, true),
      utf32(`\ufeff${feed('UTF-32')}`, false),
    ];
    for (const b of bodies) expect((await crawl(b))[0].text).toBe('Công nhân nợ lương 😟');
  });
});

describe('finding 16: dates and links', () => {
  const item = (inner: string) => `<item><title>Tin</title><description>Nội dung</description>${inner}</item>`;

  it('reads a date without a zone in KC_TZ, and gives no date for unknown zones or garbage', async () => {
    const items = await crawl(
      rss(
        [
          '<pubDate>Mon, 04 Mar 2024 08:15:00</pubDate>',
          '<dc:date>2024-03-04T08:15:00</dc:date>',
          '<pubDate>Mon, 04 Mar 2024 08:15:00 XYZ</pubDate>',
          '<pubDate>Sun, Dec x 2012</pubDate>',
          '<pubDate>31 Feb 2024 10:00:00 GMT</pubDate>',
          '<pubDate>Mon, 04 Mar 2024 08:15:00 EST</pubDate>',
          '<pubDate>Mon, 4 Mar 24 08:15 +0100</pubDate>',
        ]
          .map(item)
          .join(''),
      ),
    );
    expect(items.map((i) => i.publishedAt)).toEqual([
      '2024-03-04T01:15:00.000Z',
      '2024-03-04T01:15:00.000Z',
      undefined,
      undefined,
      undefined,
      '2024-03-04T13:15:00.000Z',
      '2024-03-04T07:15:00.000Z',
    ]);
  });

  it('follows KC_TZ handed to the adapter for zone-less dates', async () => {
    FILES['zoneless.xml'] = { body: rss(item('<pubDate>Mon, 04 Mar 2024 08:15:00</pubDate>')) };
    const source = sourceSchema.parse({ id: 'feed-test', name: 'Feed', type: 'rss', url: `${site.origin}/feeds/zoneless.xml` });
    const { items } = await runAdapter(source, { loader, timeZone: 'Europe/Paris' });
    expect(items[0].publishedAt).toBe('2024-03-04T07:15:00.000Z');
  });

  it('reads Atom 0.3 issued/modified and dcterms dates', async () => {
    const atom03 = `<?xml version="1.0"?><feed version="0.3" xmlns="http://purl.org/atom/ns#"><title>Cũ</title>
      <entry><title>A</title><summary>Một</summary><issued>2004-04-09T14:00:00+07:00</issued><modified>2004-04-10T00:00:00Z</modified></entry>
      <entry><title>B</title><summary>Hai</summary><modified>2004-04-10T00:00:00Z</modified></entry></feed>`;
    expect((await crawl(atom03)).map((i) => i.publishedAt)).toEqual(['2004-04-09T07:00:00.000Z', '2004-04-10T00:00:00.000Z']);
    const dcterms = rss(item('<dcterms:modified xmlns:dcterms="http://purl.org/dc/terms/">2024-05-01T10:00:00Z</dcterms:modified>') + item('<dcterms:created xmlns:dcterms="http://purl.org/dc/terms/">2024-04-30</dcterms:created>'));
    expect((await crawl(dcterms)).map((i) => i.publishedAt)).toEqual(['2024-05-01T10:00:00.000Z', '2024-04-29T17:00:00.000Z']);
  });

  it('does not make up a URL from a guid that is not one', async () => {
    const items = await crawl(
      rss(item('<guid isPermaLink="false">12345</guid>') + item('<guid isPermaLink="false">tag:baolaodong.vn,2024:678</guid>') + item('<guid>https://baolaodong.vn/bai/9</guid>')),
    );
    expect(items.map((i) => i.url)).toEqual([undefined, undefined, 'https://baolaodong.vn/bai/9']);
  });

  it('resolves relative links against xml:base and the channel link', async () => {
    const channel = rss(item('<link>bai/1.html</link>') + item('<link>/bai/2.html</link>'), '<link>https://congdoan.example/tin/</link>');
    expect((await crawl(channel)).map((i) => i.url)).toEqual(['https://congdoan.example/tin/bai/1.html', 'https://congdoan.example/bai/2.html']);
    const atom = `<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom" xml:base="https://congdoan.example/tin/"><title>T</title>
      <entry><title>A</title><summary>Một</summary><link href="a.html"/></entry>
      <entry xml:base="/khac/"><title>B</title><summary>Hai</summary><link rel="alternate" href="b.html"/><link rel="edit" href="x"/></entry>
      <entry><title>C</title><summary>Ba</summary><link xml:base="https://khac.example/" href="c.html"/></entry></feed>`;
    expect((await crawl(atom)).map((i) => i.url)).toEqual([
      'https://congdoan.example/tin/a.html',
      'https://congdoan.example/khac/b.html',
      'https://khac.example/c.html',
    ]);
  });
});
