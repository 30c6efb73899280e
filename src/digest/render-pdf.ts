import puppeteer, { type Browser } from 'puppeteer';

/** Flags for the system Chromium (GUIDE.md): headless, no sandbox as root, no background traffic. */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

export function launchChromium(executablePath: string): Promise<Browser> {
  return puppeteer.launch({ executablePath, headless: true, args: CHROMIUM_ARGS });
}

const FOOTER =
  '<div style="font-size:9px;width:100%;text-align:center;color:#555;font-family:sans-serif">' +
  '<span class="pageNumber"></span> / <span class="totalPages"></span></div>';

export interface PdfOptions {
  /** Reuse an open browser (the digest job keeps none between weeks; tests share one). */
  browser?: Browser;
  chromiumPath?: string;
}

/**
 * Prints the self-contained digest HTML to an A4 PDF with page numbers. JavaScript is off and
 * every network request is refused: the document needs nothing outside itself.
 */
export async function renderDigestPdf(html: string, options: PdfOptions = {}): Promise<Uint8Array> {
  const own = options.browser ? null : await launchChromium(options.chromiumPath ?? '/usr/bin/chromium');
  const browser = options.browser ?? own!;
  const page = await browser.newPage();
  try {
    await page.setJavaScriptEnabled(false);
    await page.setRequestInterception(true);
    page.on('request', (req) => {
      if (req.url().startsWith('data:') || req.url() === 'about:blank') void req.continue();
      else void req.abort();
    });
    await page.setContent(html, { waitUntil: 'load' });
    return await page.pdf({
      format: 'A4',
      printBackground: true,
      displayHeaderFooter: true,
      headerTemplate: '<span></span>',
      footerTemplate: FOOTER,
      margin: { top: '14mm', bottom: '16mm', left: '12mm', right: '12mm' },
      tagged: true,
    });
  } finally {
    await page.close().catch(() => undefined);
    if (own) await own.close();
  }
}
