import { loadHtml, resolveUrl } from './extract.js';

/** What a page's <head> says about itself: the recipes start from these instead of guessing URLs. */
export interface PageHead {
  /** <link rel="alternate" type="application/rss+xml|atom+xml|rdf+xml">, in document order. */
  feeds: Array<{ url: string; type: string; title?: string }>;
  /** WordPress: <link rel="https://api.w.org/" href="…/wp-json/">. */
  wpApi?: string;
  /** <link rel="canonical">. */
  canonical?: string;
  /** YouTube channel pages: <meta itemprop="channelId|identifier" content="UC…">. */
  channelId?: string;
}

const FEED_TYPES = /^application\/(rss|atom|rdf)\+xml$/i;

/** Reads the discovery links of an HTML page, resolved against its URL (and its <base href>). */
export function readPageHead(html: string, pageUrl: string): PageHead {
  const $ = loadHtml(html);
  const base = resolveUrl($('base[href]').first().attr('href'), pageUrl) ?? pageUrl;
  const rels = (el: Parameters<typeof $>[0]) => ($(el).attr('rel') ?? '').toLowerCase().split(/\s+/);
  const head: PageHead = { feeds: [] };
  $('link[href]').each((_, el) => {
    const href = resolveUrl($(el).attr('href'), base);
    if (!href) return;
    const rel = rels(el);
    const type = ($(el).attr('type') ?? '').trim();
    if (rel.includes('alternate') && FEED_TYPES.test(type)) head.feeds.push({ url: href, type: type.toLowerCase(), title: $(el).attr('title')?.trim() || undefined });
    if (rel.includes('https://api.w.org/') && !head.wpApi) head.wpApi = href;
    if (rel.includes('canonical') && !head.canonical) head.canonical = href;
  });
  const channel = $('meta[itemprop="channelId"], meta[itemprop="identifier"]').first().attr('content')?.trim();
  if (channel && /^UC[\w-]{22}$/.test(channel)) head.channelId = channel;
  return head;
}
