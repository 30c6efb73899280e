import type { BrowserPool } from './browser-pool.js';

export interface PageCapture {
  finalUrl: string;
  html: string;
  png: Buffer;
  capturedAt: string;
}

/** Tall pages are clipped: evidence is the post, not an endless feed. */
const MAX_HEIGHT = 8000;

/**
 * Evidence of what a public page showed: the rendered HTML and a PNG screenshot, taken through
 * the same guarded browser (images allowed so the screenshot looks like the page).
 */
export async function capturePage(pool: BrowserPool, url: string, opts: { settleMs?: number } = {}): Promise<PageCapture> {
  return pool.withPage(
    async (s) => {
      await s.page.setViewport({ width: 1280, height: 900 });
      await s.goto(url, 'load');
      // Give late scripts a moment to render posts (bounded by the page deadline).
      await new Promise((r) => setTimeout(r, Math.min(opts.settleMs ?? 1000, s.remainingMs() / 2)));
      const capturedAt = new Date().toISOString();
      const html = await s.page.content();
      const height = await s.page.evaluate(() => document.documentElement.scrollHeight);
      const png = await s.page.screenshot({
        type: 'png',
        clip: { x: 0, y: 0, width: 1280, height: Math.max(1, Math.min(height, MAX_HEIGHT)) },
        captureBeyondViewport: true,
      });
      return { finalUrl: s.page.url(), html, png: Buffer.from(png), capturedAt };
    },
    { allowImages: true },
  );
}
