import type { RawItem } from '../../src/types.js';
import { ParseError } from '../fetch/errors.js';
import type { SourceDef } from '../source-schema.js';
import { documentWorker } from './document-worker.js';
import { htmlToText, resolveUrl } from './extract.js';
import { DEFAULT_TIME_ZONE, parseFeedDate } from './feed-date.js';
import { baseItem, notModified, type Adapter } from './types.js';

/**
 * Platforms whose public JSON a generic `fields` map cannot read right: WordPress gives its UTC
 * date without a zone (`date_gmt`), Discourse gives no post URL (it is built from the topic's slug,
 * id and the post's number). Each maps one response to items; nothing here fetches.
 */
export type Platform = 'wordpress' | 'discourse';

type Obj = Record<string, unknown>;
const obj = (v: unknown): Obj | undefined => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Obj) : undefined);
const str = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() ? v : typeof v === 'number' ? String(v) : undefined);

function parseBody(body: string, pageUrl: string): unknown {
  try {
    return JSON.parse(body);
  } catch (err) {
    throw new ParseError(`not valid JSON: ${(err as Error).message}`, pageUrl);
  }
}

/** GET /wp-json/wp/v2/posts: an array of posts with `rendered` HTML fields. */
function wordpressItems(data: unknown, base: Partial<RawItem>, pageUrl: string, timeZone: string): RawItem[] {
  if (!Array.isArray(data)) throw new ParseError('not a WordPress post list (expected an array from /wp-json/wp/v2/posts)', pageUrl);
  const items: RawItem[] = [];
  for (const entry of data) {
    const post = obj(entry);
    if (!post) continue;
    const rendered = (key: string) => str(obj(post[key])?.rendered);
    // A password-protected post's content is empty ("protected": true): its excerpt is all that is public.
    const text = htmlToText(rendered('content') ?? '') || htmlToText(rendered('excerpt') ?? '');
    if (!text) continue;
    const item: RawItem = { ...base, text };
    const title = rendered('title');
    if (title) item.title = htmlToText(title);
    const link = resolveUrl(str(post.link), pageUrl);
    if (link) item.url = link;
    // date_gmt is UTC written without a zone; `date` is the site's own clock (read as KC_TZ).
    const gmt = str(post.date_gmt);
    const published = gmt ? parseFeedDate(/(?:z|[+-]\d\d:?\d\d)$/i.test(gmt) ? gmt : `${gmt}Z`, timeZone) : parseFeedDate(str(post.date), timeZone);
    if (published) item.publishedAt = published;
    items.push(item);
  }
  return items;
}

/** GET /posts.json: { latest_posts: [{ cooked, username, created_at, topic_slug, topic_id, post_number, topic_title }] }. */
function discourseItems(data: unknown, base: Partial<RawItem>, pageUrl: string, timeZone: string): RawItem[] {
  const list = obj(data)?.latest_posts;
  if (!Array.isArray(list)) throw new ParseError('not a Discourse post list (expected "latest_posts" from /posts.json)', pageUrl);
  const items: RawItem[] = [];
  for (const entry of list) {
    const post = obj(entry);
    // post_type 1 is a member's post; 2–4 are moderator notes, "closed the topic" lines and whispers.
    if (!post || (post.post_type !== undefined && post.post_type !== 1) || post.hidden === true) continue;
    const text = htmlToText(str(post.cooked) ?? '');
    if (!text) continue;
    const item: RawItem = { ...base, text };
    const title = str(post.topic_title);
    if (title) item.title = htmlToText(title);
    const author = str(post.username);
    if (author) item.author = author;
    const slug = str(post.topic_slug) ?? 'topic';
    if (str(post.topic_id) && str(post.post_number)) {
      // Relative, so a forum served under a folder (/forum/posts.json) keeps its folder.
      const link = resolveUrl(`t/${encodeURIComponent(slug)}/${post.topic_id}/${post.post_number}`, pageUrl);
      if (link) item.url = link;
    }
    const published = parseFeedDate(str(post.created_at), timeZone);
    if (published) item.publishedAt = published;
    items.push(item);
  }
  return items;
}

/** JSON.parse + the platform's mapping: one document's CPU work, run in the document worker. */
export function parsePlatformItems(platform: Platform, body: string, base: Partial<RawItem>, pageUrl: string, timeZone = DEFAULT_TIME_ZONE): RawItem[] {
  const data = parseBody(body, pageUrl);
  return platform === 'wordpress' ? wordpressItems(data, base, pageUrl, timeZone) : discourseItems(data, base, pageUrl, timeZone);
}

function platformAdapter(platform: Platform): Adapter {
  return async (source: SourceDef, ctx) => {
    const res = await ctx.loader.get(source.url, { conditional: true, accept: 'application/json', signal: ctx.signal });
    if (res.notModified) return notModified();
    const { items } = await documentWorker(ctx).run({ kind: 'platform', platform, body: res.text(), base: baseItem(source), pageUrl: res.url, timeZone: ctx.timeZone }, ctx.signal);
    ctx.onPage?.(res.url, items.length);
    return { items, pages: 1, notModified: false, validators: [{ url: res.requestedUrl, ...res.validators }] };
  };
}

export const wordpressAdapter = platformAdapter('wordpress');
export const discourseAdapter = platformAdapter('discourse');
