import type { RawItem } from '../../src/types.js';
import { ParseError } from '../fetch/errors.js';
import type { SourceDef } from '../source-schema.js';
import { documentWorker } from './document-worker.js';
import { htmlToText, parseDate, resolveUrl } from './extract.js';
import { baseItem, notModified, type Adapter } from './types.js';

/** Reads "data.posts" / "items.0.body" from parsed JSON; an empty path is the value itself. */
export function getPath(value: unknown, path: string | undefined): unknown {
  if (!path) return value;
  let cur = value;
  for (const key of path.split('.')) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string, unknown>)[key];
  }
  return cur;
}

function scalar(v: unknown): string | undefined {
  if (typeof v === 'string') return v.trim() || undefined;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return undefined;
}

export function mapJsonItems(data: unknown, source: SourceDef, pageUrl: string): RawItem[] {
  const list = getPath(data, source.items);
  if (!Array.isArray(list)) {
    throw new ParseError(`${source.items ? `"${source.items}"` : 'the response'} is not an array`, pageUrl);
  }
  const f = source.fields!;
  const items: RawItem[] = [];
  for (const entry of list) {
    const raw = scalar(getPath(entry, f.text));
    // API text fields are often HTML (Mastodon "content"): keep the words, drop the markup.
    const text = raw ? htmlToText(raw) : undefined;
    if (!text) continue;
    const item: RawItem = { ...baseItem(source), text };
    const title = scalar(getPath(entry, f.title));
    const author = scalar(getPath(entry, f.author));
    const published = getPath(entry, f.published);
    const link = resolveUrl(scalar(getPath(entry, f.link)), pageUrl);
    if (title) item.title = htmlToText(title);
    if (author) item.author = author;
    const iso = parseDate(typeof published === 'number' ? published : scalar(published));
    if (iso) item.publishedAt = iso;
    if (link) item.url = link;
    items.push(item);
  }
  return items;
}

/** JSON.parse + mapJsonItems: one document's CPU work, run in the document worker. */
export function parseJsonItems(body: string, source: SourceDef, pageUrl: string): RawItem[] {
  let data: unknown;
  try {
    data = JSON.parse(body);
  } catch (err) {
    throw new ParseError(`not valid JSON: ${(err as Error).message}`, pageUrl);
  }
  return mapJsonItems(data, source, pageUrl);
}

export const jsonAdapter: Adapter = async (source: SourceDef, ctx) => {
  const res = await ctx.loader.get(source.url, { conditional: true, accept: 'application/json', signal: ctx.signal });
  if (res.notModified) return notModified();
  const { items } = await documentWorker(ctx).run({ kind: 'json', body: res.text(), source, pageUrl: res.url }, ctx.signal);
  ctx.onPage?.(res.url, items.length);
  return { items, pages: 1, notModified: false, validators: [{ url: res.requestedUrl, ...res.validators }] };
};
