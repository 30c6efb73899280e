import { BlockedError, ParseError } from '../fetch/errors.js';
import type { SourceDef } from '../source-schema.js';
import { documentWorker } from './document-worker.js';
import type { Adapter, AdapterResult } from './types.js';

/**
 * JS-rendered pages: load in the shared Chromium, wait for `wait_for` (default: the item
 * selector), then extract from the rendered DOM with the same selectors as the html adapter.
 * Pagination clicks nothing: it follows the `next` link's URL like the html adapter.
 */
export const browserAdapter: Adapter = async (source: SourceDef, ctx) => {
  if (!ctx.browser) throw new Error(`source ${source.id}: type browser needs a browser (Chromium) but none was configured`);
  const pool = ctx.browser();
  return pool.withPage(async (s) => {
    const result: AdapterResult = { items: [], pages: 0, notModified: false, validators: [] };
    const seen = new Set<string>();
    let url: string | undefined = source.url;
    const waitFor = source.wait_for ?? source.select!.item;
    while (url && result.pages < source.max_pages && !seen.has(url)) {
      seen.add(url);
      if (result.pages > 0) {
        try {
          await ctx.loader.assertAllowed(url);
        } catch (err) {
          if (!(err instanceof BlockedError)) throw err;
          result.stoppedBy = err.message;
          break;
        }
      }
      await s.goto(url);
      try {
        await s.page.waitForSelector(waitFor, { timeout: Math.min(s.remainingMs(), 20_000) });
      } catch {
        // A page that never renders its posts is a broken source, not an empty one.
        throw new ParseError(`"${waitFor}" did not appear on ${url}`, url);
      }
      const pageUrl = s.page.url();
      const { items, next } = await documentWorker(ctx).run({ kind: 'html', html: await s.page.content(), source, pageUrl }, ctx.signal);
      result.pages++;
      result.items.push(...items);
      ctx.onPage?.(pageUrl, items.length);
      url = next;
    }
    return result;
  });
};
