import { load, type CheerioAPI } from 'cheerio';
import type { AnyNode } from 'domhandler';
import type { RawItem } from '../../src/types.js';
import { parseHtml } from './parse-html.js';

/** "a.next@href" → { css: "a.next", attr: "href" }; "@href" reads the item element itself. */
export function parseSelector(sel: string): { css: string; attr?: string } {
  const m = /^(.*)@([\w:-]+)$/.exec(sel.trim());
  return m ? { css: m[1].trim(), attr: m[2] } : { css: sel.trim() };
}

const BLOCK = new Set('p,div,li,ul,ol,h1,h2,h3,h4,h5,h6,blockquote,pre,tr,section,article,header,footer,figcaption,dd,dt,table'.split(','));
const SKIP = new Set(['script', 'style', 'noscript', 'template', 'svg']);

/**
 * Text of an element with block boundaries kept as line breaks and runs of spaces collapsed.
 * One iterative walk over the subtree (no clone, no DOM edits, no recursion): linear in its size
 * and safe on the deepest tree the parser lets through.
 */
export function blockText(_$: CheerioAPI, el: AnyNode): string {
  const out: string[] = [];
  // Entries are nodes to visit, or a string to emit once a block's children are done.
  const stack: Array<AnyNode | string> = [el];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (typeof node === 'string') {
      out.push(node);
    } else if (node.type === 'text') {
      out.push(node.data);
    } else if (node.type === 'tag' || node.type === 'root') {
      const name = node.type === 'tag' ? node.name : '';
      if (SKIP.has(name)) continue;
      if (name === 'br') {
        out.push('\n');
        continue;
      }
      const block = BLOCK.has(name);
      if (block) {
        out.push('\n');
        stack.push('\n');
      }
      for (let i = node.children.length - 1; i >= 0; i--) stack.push(node.children[i]);
    }
  }
  return tidy(out.join(''));
}

export function tidy(text: string): string {
  return text
    .normalize('NFC')
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map((line) => line.replace(/[\s\u00a0]+/g, ' ').trim())
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/** A document or fragment parsed in linear time (see parse-html.ts), ready for selectors. */
export function loadHtml(html: string): CheerioAPI {
  return load(parseHtml(html));
}

/**
 * True when the text has a tag (`<x…>`) or an entity. Same answer as /<[a-z!/][^>]*>|&[#\w]+;/i
 * without its backtracking: that regex rescanned to the end from every "<" (80 KB of "<a" took
 * seconds). A tag exists iff some ">" follows the FIRST "<" that starts one.
 */
function looksLikeMarkup(text: string): boolean {
  const open = text.search(/<[a-z!/]/i);
  return (open >= 0 && text.indexOf('>', open + 2) >= 0) || /&[#\w]+;/.test(text);
}

/** Plain text from an HTML fragment (feed descriptions, JSON API content fields). */
export function htmlToText(html: string): string {
  if (!looksLikeMarkup(html)) return tidy(html);
  const $ = loadHtml(html);
  return blockText($, $.root()[0]);
}

export function resolveUrl(href: string | undefined, base: string): string | undefined {
  if (!href) return undefined;
  try {
    const u = new URL(href.trim(), base);
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.href : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Normalises a date to ISO 8601: RFC 822 (RSS), ISO (Atom, APIs), and the Vietnamese
 * "dd/mm/yyyy[ hh:mm]" common on local sites (read as Asia/Ho_Chi_Minh, UTC+7).
 */
export function parseDate(value: string | number | undefined | null): string | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value === 'number') return new Date(value < 1e12 ? value * 1000 : value).toISOString();
  const v = value.trim();
  const vn = /(\d{1,2})[/-](\d{1,2})[/-](\d{4})(?:[ ,T]+(\d{1,2})[:h](\d{2}))?/.exec(v);
  if (vn && !/^\d{4}-/.test(v)) {
    const [, d, m, y, hh = '0', mm = '0'] = vn;
    const t = Date.UTC(+y, +m - 1, +d, +hh - 7, +mm);
    return Number.isNaN(t) ? undefined : new Date(t).toISOString();
  }
  const t = Date.parse(v);
  return Number.isNaN(t) ? undefined : new Date(t).toISOString();
}

function readField($: CheerioAPI, scope: AnyNode, sel: string | undefined): string | undefined {
  if (!sel) return undefined;
  const { css, attr } = parseSelector(sel);
  const target = css ? $(scope).find(css).first() : $(scope);
  if (target.length === 0) return undefined;
  const v = attr ? target.attr(attr) : blockText($, target[0]);
  return v?.trim() || undefined;
}

export interface Selectors {
  item: string;
  text: string;
  title?: string;
  author?: string;
  published?: string;
  link?: string;
}

/** Applies a source's selectors to one page. Items without text are skipped. */
export function extractItems($: CheerioAPI, select: Selectors, pageUrl: string, base: Partial<RawItem>): RawItem[] {
  const items: RawItem[] = [];
  $(select.item).each((_, el) => {
    const text = readField($, el, select.text);
    if (!text) return;
    const published = readField($, el, select.published);
    const item: RawItem = { ...base, text };
    const title = readField($, el, select.title);
    const author = readField($, el, select.author);
    const link = resolveUrl(readField($, el, select.link), pageUrl);
    if (title) item.title = title;
    if (author) item.author = author;
    if (published) item.publishedAt = parseDate(published);
    item.url = link ?? pageUrl;
    items.push(item);
  });
  return items;
}

/** The URL of the next page, if the `next` selector finds one. */
export function nextPageUrl($: CheerioAPI, next: string | undefined, pageUrl: string): string | undefined {
  if (!next) return undefined;
  const { css, attr } = parseSelector(next);
  const el = $(css).first();
  if (el.length === 0) return undefined;
  return resolveUrl(attr ? el.attr(attr) : el.attr('href'), pageUrl);
}
