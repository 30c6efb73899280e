import { Readability } from '@mozilla/readability';
import { parseHTML } from 'linkedom';
import type { RawItem } from '../../src/types.js';
import { ParseError } from '../fetch/errors.js';
import type { Loader } from '../fetch/loader.js';
import { htmlToText, parseDate, tidy } from './extract.js';

/**
 * Tips: a URL or pasted text submitted by a person. A URL is fetched like any crawl (robots.txt
 * and the SSRF guard apply) and reduced to its readable text by Mozilla's Readability (the
 * reader view of Firefox) over linkedom, a light DOM: a maintained main-content finder instead of
 * our own guess.
 */
export function tipFromText(text: string, opts: { url?: string; title?: string; unit?: string } = {}): RawItem {
  const body = tidy(text);
  if (!body) throw new ParseError('the tip has no text', opts.url ?? 'tip');
  return { text: body, source: 'tip', ...(opts.url && { url: opts.url }), ...(opts.title && { title: opts.title }), ...(opts.unit && { unit: opts.unit }) };
}

/** A page a member links to is an article, not a crawl: 2 MB is plenty, and bounds the parse. */
export const TIP_MAX_BYTES = 2 * 1024 * 1024;
/** Readability walks every element several times: a page with more is refused, not parsed for seconds. */
const MAX_ELEMENTS = 30_000;

type Doc = ReturnType<typeof parseHTML>['document'];

const metaContent = (doc: Doc, names: string[]): string | undefined => {
  for (const n of names) {
    const el = doc.querySelector(`meta[property="${n}"], meta[name="${n}"], meta[itemprop="${n}"]`);
    const v = el?.getAttribute('content')?.trim();
    if (v) return v;
  }
  return undefined;
};

// Vietnamese sites print the date next to the title: "Thứ hai, 30/11/2026, 08:15 (GMT+7)", "28/11/2026 - 14:05".
const VN_DATE = /\d{1,2}[/-]\d{1,2}[/-]\d{4}(?:[ ,T|-]+\d{1,2}[:h]\d{2})?/;
const DATE_HOLDER = /(^|[\s_-])(date|time|publish|posted|post-meta|meta|ngay|thoigian)/i;

/**
 * When the page was published: Readability's metadata (JSON-LD, article:published_time), then the
 * usual meta and <time> elements, then a Vietnamese dd/mm/yyyy date in an element named like a date.
 */
function publishedOf(doc: Doc, fromReadability: string | null | undefined): string | undefined {
  const meta = metaContent(doc, ['article:published_time', 'datePublished', 'og:published_time', 'pubdate', 'date', 'dc.date']);
  for (const v of [fromReadability, meta]) {
    const d = v ? parseDate(v) : undefined;
    if (d) return d;
  }
  for (const el of doc.querySelectorAll('time[datetime]')) {
    const d = parseDate(el.getAttribute('datetime'));
    if (d) return d;
  }
  for (const el of doc.querySelectorAll('[class], [id]')) {
    const name = `${el.getAttribute('class') ?? ''} ${el.getAttribute('id') ?? ''}`;
    if (!DATE_HOLDER.test(name)) continue;
    const m = VN_DATE.exec(el.textContent ?? '');
    if (m) {
      const d = parseDate(m[0].replace(/\s*[|-]\s*(?=\d{1,2}[:h])/, ' '));
      if (d) return d;
    }
  }
  return undefined;
}

export interface Readable {
  title?: string;
  text: string;
  author?: string;
  publishedAt?: string;
}

export function readableFromHtml(html: string, pageUrl: string): Readable {
  const { document } = parseHTML(html);
  // Metadata first: Readability takes the document apart as it works.
  const metaTitle = metaContent(document, ['og:title', 'twitter:title']);
  const metaAuthor = metaContent(document, ['author', 'article:author']);
  const published = publishedOf(document, undefined);
  let article: ReturnType<Readability<string>['parse']>;
  try {
    article = new Readability(document as unknown as Document, { maxElemsToParse: MAX_ELEMENTS, charThreshold: 200 }).parse();
  } catch (err) {
    throw new ParseError(`the page could not be read: ${(err as Error).message}`, pageUrl);
  }
  const text = article?.content ? htmlToText(article.content) : '';
  if (!text) throw new ParseError('no readable text on the page', pageUrl);
  const title = tidy(metaTitle ?? article?.title ?? '') || undefined;
  const publishedAt = (article?.publishedTime ? parseDate(article.publishedTime) : undefined) ?? published;
  const author = metaAuthor ?? (article?.byline ? tidy(article.byline) : undefined);
  return { title, text, author: author || undefined, publishedAt };
}

export async function tipFromUrl(loader: Loader, url: string, opts: { unit?: string } = {}): Promise<RawItem> {
  const res = await loader.get(url, { accept: 'text/html,application/xhtml+xml;q=0.9,text/plain;q=0.8', maxBytes: TIP_MAX_BYTES });
  const body = res.text();
  const readable: Readable = /html|xml/i.test(res.contentType) || /^\s*</.test(body) ? readableFromHtml(body, res.url) : { text: tidy(body) };
  if (!readable.text) throw new ParseError('the page has no text', res.url);
  const item: RawItem = { ...readable, url: res.url, source: 'tip' };
  if (opts.unit) item.unit = opts.unit;
  for (const k of Object.keys(item) as Array<keyof RawItem>) if (item[k] === undefined) delete item[k];
  return item;
}
