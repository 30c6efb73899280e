import type { RawItem } from '../../src/types.js';
import { BlockedError } from '../fetch/errors.js';
import { DocumentBudgetError, documentWorker } from './document-worker.js';
import type { SourceDef } from '../source-schema.js';
import { extractItems, loadHtml, nextPageUrl } from './extract.js';
import { baseItem, notModified, type Adapter, type AdapterResult } from './types.js';

/**
 * Server-rendered pages: fetch + cheerio, following `next` up to `max_pages`. Only the first
 * page is fetched conditionally: if it has not changed, the listing has not either. A run taken
 * over from a dead worker starts at its resume point (`ctx.resumeFrom`).
 */
export const htmlAdapter: Adapter = async (source: SourceDef, ctx) => {
  const result: AdapterResult = { items: [], pages: 0, notModified: false, validators: [] };
  const seen = new Set<string>();
  let url: string | undefined = ctx.resumeFrom?.next ?? source.url;
  result.pages = ctx.resumeFrom?.pages ?? 0;
  while (url && result.pages < source.max_pages && !seen.has(url)) {
    seen.add(url);
    // A resumed run never reads the first page: nothing to fetch conditionally or to commit.
    const first = result.pages === 0;
    let res;
    try {
      res = await ctx.loader.get(url, { conditional: first, accept: 'text/html,application/xhtml+xml;q=0.9,*/*;q=0.5', signal: ctx.signal });
    } catch (err) {
      // A later page we may not fetch ends the listing; what we have is still good.
      if (first || !(err instanceof BlockedError)) throw err;
      result.stoppedBy = err.message;
      break;
    }
    if (first && res.notModified) return notModified();
    if (first) result.validators.push({ url: res.requestedUrl, ...res.validators });
    let page;
    try {
      page = await documentWorker(ctx).run({ kind: 'html', html: res.text(), source, pageUrl: res.url }, ctx.signal);
    } catch (err) {
      // A later page that cannot be extracted in its budget ends the listing like a blocked one.
      if (first || !(err instanceof DocumentBudgetError)) throw err;
      result.stoppedBy = err.message;
      break;
    }
    const { items, next } = page;
    result.pages++;
    ctx.onPage?.(res.url, items.length);
    url = next;
    if (ctx.onItems) await ctx.onItems(items, { pages: result.pages, ...(url && result.pages < source.max_pages && !seen.has(url) ? { next: url } : {}) });
    else result.items.push(...items);
  }
  return result;
};

export function extractPage(html: string, source: SourceDef, pageUrl: string): { items: RawItem[]; next?: string } {
  const $ = loadHtml(html);
  return { items: extractItems($, source.select!, pageUrl, baseItem(source)), next: nextPageUrl($, source.next, pageUrl) };
}
