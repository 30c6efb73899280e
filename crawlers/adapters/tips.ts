import { load, type CheerioAPI } from 'cheerio';
import type { RawItem } from '../../src/types.js';
import { ParseError } from '../fetch/errors.js';
import type { Loader } from '../fetch/loader.js';
import { blockText, parseDate, tidy } from './extract.js';

/**
 * Tips: a URL or pasted text submitted by a person. A URL is fetched like any crawl (robots.txt
 * and the SSRF guard apply) and reduced to its readable text.
 */
export function tipFromText(text: string, opts: { url?: string; title?: string; unit?: string } = {}): RawItem {
  const body = tidy(text);
  if (!body) throw new ParseError('the tip has no text', opts.url ?? 'tip');
  return { text: body, source: 'tip', ...(opts.url && { url: opts.url }), ...(opts.title && { title: opts.title }), ...(opts.unit && { unit: opts.unit }) };
}

const NOISE = 'script,style,noscript,template,svg,nav,header,footer,aside,form,iframe,button,[role=navigation],[aria-hidden=true],.share,.social,.comments,.related,.advertisement,.ads';

/** Picks the element holding the article: <article>, <main>, or the block with most paragraph text. */
function mainContent($: CheerioAPI) {
  for (const sel of ['article', '[itemprop=articleBody]', 'main', '[role=main]']) {
    const el = $(sel).first();
    if (el.length && el.text().trim().length > 200) return el;
  }
  let best = $('body');
  let bestScore = 0;
  $('p').each((_, p) => {
    const parent = $(p).parent();
    const score = parent.children('p').text().trim().length;
    if (score > bestScore) {
      bestScore = score;
      best = parent;
    }
  });
  return best;
}

export function readableFromHtml(html: string, pageUrl: string): { title?: string; text: string; author?: string; publishedAt?: string } {
  const $ = load(html);
  const meta = (name: string) => $(`meta[property="${name}"], meta[name="${name}"]`).attr('content')?.trim() || undefined;
  const title = meta('og:title') ?? (tidy($('h1').first().text()) || tidy($('title').text()) || undefined);
  $(NOISE).remove();
  const text = blockText($, mainContent($)[0] ?? $.root()[0]);
  if (!text) throw new ParseError('no readable text on the page', pageUrl);
  return { title, text, author: meta('author'), publishedAt: parseDate(meta('article:published_time')) };
}

export async function tipFromUrl(loader: Loader, url: string, opts: { unit?: string } = {}): Promise<RawItem> {
  const res = await loader.get(url, { accept: 'text/html,application/xhtml+xml;q=0.9,text/plain;q=0.8' });
  const body = res.text();
  const readable = /html|xml/i.test(res.contentType) || /^\s*</.test(body) ? readableFromHtml(body, res.url) : { text: tidy(body) };
  const item: RawItem = { ...readable, url: res.url, source: 'tip' };
  if (opts.unit) item.unit = opts.unit;
  for (const k of Object.keys(item) as Array<keyof RawItem>) if (item[k] === undefined) delete item[k];
  return item;
}
