import type { ScreenshotScope, SnapshotScope } from '../../src/types.js';
import type { BrowserPool } from './browser-pool.js';
import { elementSnapshot } from './element-snapshot.js';

export interface PageCapture {
  finalUrl: string;
  html: string;
  png: Buffer;
  capturedAt: string;
  scope: ScreenshotScope;
  htmlScope: SnapshotScope;
}

export const VIEWPORT = { width: 1280, height: 900 } as const;
/** A post element taller than this is clipped: evidence is the post, not an endless thread. */
export const MAX_ELEMENT_HEIGHT = 8000;

/**
 * Evidence of what a public page showed: the rendered HTML and a PNG screenshot, taken through
 * the same guarded browser (images allowed so the screenshot looks like the page).
 *
 * Pages hold other people's names and faces (comments, sidebars, feeds), so evidence is kept as
 * small as the purpose allows: when the source names a post element and it is on the page, both
 * the screenshot and the HTML snapshot are that element only. Otherwise the screenshot is the first
 * screen (never the full page) and the snapshot the whole rendered page, which then keeps the
 * post's full text (and its SHA-256) for whoever needs more than the first screen.
 */
export async function capturePage(pool: BrowserPool, url: string, opts: { settleMs?: number; postSelector?: string } = {}): Promise<PageCapture> {
  return pool.withPage(
    async (s) => {
      await s.page.setViewport({ ...VIEWPORT });
      await s.goto(url, 'load');
      // Give late scripts a moment to render posts (bounded by the page deadline).
      await new Promise((r) => setTimeout(r, Math.min(opts.settleMs ?? 1000, s.remainingMs() / 2)));
      const capturedAt = new Date().toISOString();
      const finalUrl = s.page.url();
      let png: Uint8Array | undefined;
      if (opts.postSelector) {
        // An invalid selector or an element without a box is "missing": the fallback is recorded.
        const el = await s.page.$(opts.postSelector).catch(() => null);
        const box = el && (await el.boundingBox().catch(() => null));
        if (el && box && box.width >= 1 && box.height >= 1) {
          // Same element as the screenshot, read before it so both show the same moment.
          const outerHtml = await el.evaluate((e) => e.outerHTML);
          const html = elementSnapshot({ outerHtml, title: await s.page.title(), url: finalUrl, capturedAt, selector: opts.postSelector });
          const clip = box.height > MAX_ELEMENT_HEIGHT ? { x: 0, y: 0, width: box.width, height: MAX_ELEMENT_HEIGHT } : undefined;
          png = await el.screenshot({ type: 'png', clip });
          return { finalUrl, html, png: Buffer.from(png), capturedAt, scope: 'element', htmlScope: 'element' };
        }
      }
      const html = await s.page.content();
      png = await s.page.screenshot({ type: 'png', fullPage: false });
      return { finalUrl, html, png: Buffer.from(png), capturedAt, scope: opts.postSelector ? 'viewport_fallback' : 'viewport', htmlScope: 'page' };
    },
    { allowImages: true },
  );
}
