import { launchChromium } from '../digest/render-pdf.js';
import type { CardFormat } from './response-card.js';

/** Square-ish width Facebook and Zalo show without cropping; the height follows the text. */
export const CARD_WIDTH = 1080;

/**
 * Renders a self-contained card page to PNG or PDF in the system Chromium. JavaScript is off and
 * every request is refused: the card needs nothing outside itself. A browser is started per card
 * (a person makes a handful a week) rather than kept running beside the review UI.
 */
export async function renderCard(html: string, format: CardFormat, chromiumPath: string): Promise<Uint8Array> {
  const browser = await launchChromium(chromiumPath);
  try {
    const page = await browser.newPage();
    await page.setJavaScriptEnabled(false);
    await page.setRequestInterception(true);
    page.on('request', (req) => {
      if (req.url().startsWith('data:') || req.url() === 'about:blank') void req.continue();
      else void req.abort();
    });
    await page.setViewport({ width: CARD_WIDTH, height: CARD_WIDTH, deviceScaleFactor: 1 });
    await page.setContent(html, { waitUntil: 'load' });
    if (format === 'png') return await page.screenshot({ type: 'png', fullPage: true });
    // Page scripts are off, so the height comes from the layout metrics, as a full-page screenshot does.
    const cdp = await page.createCDPSession();
    const height = Math.ceil((await cdp.send('Page.getLayoutMetrics')).cssContentSize.height);
    return await page.pdf({ width: `${CARD_WIDTH}px`, height: `${Math.max(height, CARD_WIDTH)}px`, printBackground: true, pageRanges: '1', tagged: true });
  } finally {
    await browser.close();
  }
}
