import { XMLParser } from 'fast-xml-parser';
import type { RawItem } from '../../src/types.js';
import { ParseError } from '../fetch/errors.js';
import type { SourceDef } from '../source-schema.js';
import { htmlToText, tidy } from './extract.js';
import { DEFAULT_TIME_ZONE, parseFeedDate } from './feed-date.js';
import { fieldHtml, MARKUP_FIELDS, nodeText } from './feed-fields.js';
import { feedBase, itemLink } from './feed-links.js';
import { documentWorker } from './document-worker.js';
import { baseItem, notModified, type Adapter } from './types.js';

/** RSS 2.0, RSS 1.0 (RDF) and Atom feeds. */
const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  textNodeName: '#text',
  htmlEntities: true,
  parseTagValue: false,
  trimValues: true,
  isArray: (name) => name === 'item' || name === 'entry' || name === 'link' || name === 'author',
  stopNodes: MARKUP_FIELDS.map((name) => `*.${name}`),
});

const str = nodeText;

// RSS 2.0 <author> is an e-mail address, "name (Real Name)" by convention (XenForo: "invalid@… (user)").
const RSS_EMAIL = /^[^\s@()]+@[^\s@()]+(?:\s+\((.+)\))?$/;

function authorOf(entry: Record<string, unknown>): string | undefined {
  const a = entry.author;
  const first = Array.isArray(a) ? a[0] : a;
  if (first && typeof first === 'object' && 'name' in first) return str((first as Record<string, unknown>).name);
  const value = str(first);
  const email = value ? RSS_EMAIL.exec(value.trim()) : null;
  if (email) return email[1]?.trim() || str(entry['dc:creator']) || value;
  return value ?? str(entry['dc:creator']);
}

// Errors a feed survives: a stray "&" ("AT&T") or an entity the XML does not declare (&eacute;).
// Unbalanced tags or several roots are not recoverable: that is not a feed.
const RECOVERABLE = /char '&' is not expected|entit/i;

type Doc = Record<string, Record<string, unknown>>;

/** Strict parse first; on a recoverable error, parse without validation rather than lose the feed. */
function parseXml(raw: string, pageUrl: string): Doc {
  // Feeds often start with a blank line or a BOM before <?xml (rss091, iTunes feeds); XML forbids it.
  const xml = raw.replace(/^[\s\uFEFF]+/, '');
  try {
    return parser.parse(xml, true) as Doc;
  } catch (err) {
    const message = (err as Error).message;
    if (!RECOVERABLE.test(message)) throw new ParseError(`not a valid feed: ${message}`, pageUrl);
    try {
      return parser.parse(xml) as Doc;
    } catch (again) {
      throw new ParseError(`not a valid feed: ${(again as Error).message}`, pageUrl);
    }
  }
}

// Publication date, first that reads: RSS, Atom 1.0, Atom 0.3, Dublin Core, then last-modified ones.
const DATE_FIELDS = ['pubDate', 'published', 'issued', 'created', 'dc:date', 'dcterms:issued', 'dcterms:created', 'dcterms:date', 'updated', 'modified', 'dcterms:modified'];

export interface FeedOptions {
  /** KC_TZ: the zone of dates written without one. */
  timeZone?: string;
}

export function parseFeed(xml: string, pageUrl: string, base: Partial<RawItem>, options: FeedOptions = {}): RawItem[] {
  const doc = parseXml(xml, pageUrl);
  const timeZone = options.timeZone ?? DEFAULT_TIME_ZONE;
  const entries: Array<Record<string, unknown>> =
    (doc.rss?.channel as Record<string, unknown> | undefined)?.item as never ??
    doc.feed?.entry ??
    doc['rdf:RDF']?.item ??
    undefined;
  if (!entries) {
    // An empty <rss></rss> parses to "": a feed with nothing in it, not an error.
    if ('rss' in doc || 'feed' in doc || 'rdf:RDF' in doc) return [];
    throw new ParseError('no <rss>, <feed> or <rdf:RDF> root: not a feed', pageUrl);
  }
  const linkBase = feedBase(doc, pageUrl);
  const items: RawItem[] = [];
  for (const e of entries) {
    const field = (node: unknown) => fieldHtml(str(node));
    // The fullest body that has something in it (an empty <content/> must not hide the summary).
    // YouTube's Atom entries carry their text only in <media:group><media:description> (plain text).
    const media = (e['media:group'] as Record<string, unknown> | undefined)?.['media:description'] ?? e['media:description'];
    const html = [e['content:encoded'], e.content, e.description, e.summary, media].map(field).find((h) => h?.trim()) ?? '';
    const rawTitle = field(e.title);
    const title = rawTitle ? tidy(htmlToText(rawTitle)) || undefined : undefined;
    const text = htmlToText(html) || title;
    if (!text) continue;
    const link = itemLink(e, linkBase);
    const item: RawItem = { ...base, text };
    if (title) item.title = title;
    if (link) item.url = link;
    const author = authorOf(e);
    if (author) item.author = author;
    const published = DATE_FIELDS.map((name) => parseFeedDate(str(e[name]), timeZone)).find(Boolean);
    if (published) item.publishedAt = published;
    items.push(item);
  }
  return items;
}

export const rssAdapter: Adapter = async (source: SourceDef, ctx) => {
  const res = await ctx.loader.get(source.url, {
    conditional: true,
    accept: 'application/rss+xml, application/atom+xml, application/xml;q=0.9, text/xml;q=0.9, */*;q=0.5',
    signal: ctx.signal,
  });
  if (res.notModified) return notModified();
  // Parsed in the document worker: a hostile feed cannot stall the process that crawls.
  const { items } = await documentWorker(ctx).run({ kind: 'feed', xml: res.text(), pageUrl: res.url, base: baseItem(source), options: { timeZone: ctx.timeZone } }, ctx.signal);
  ctx.onPage?.(res.url, items.length);
  return { items, pages: 1, notModified: false, validators: [{ url: res.requestedUrl, ...res.validators }] };
};
