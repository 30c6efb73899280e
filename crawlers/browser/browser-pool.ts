import type { Browser, HTTPRequest, Page } from 'puppeteer';
import { BlockedError, CrawlError, HttpError, TimeoutError } from '../fetch/errors.js';
import type { Loader } from '../fetch/loader.js';
import { checkUrl } from '../fetch/ssrf-guard.js';

export interface BrowserPoolOptions {
  executablePath: string;
  loader: Loader;
  /** Pages open at once (each in its own incognito context). */
  maxPages?: number;
  /** Hard deadline for everything done with one page. */
  pageTimeoutMs?: number;
}

export interface PageSession {
  page: Page;
  /** Navigates (robots.txt, SSRF guard, host limiter apply) and fails on HTTP errors. */
  goto(url: string, waitUntil?: 'domcontentloaded' | 'load' | 'networkidle2'): Promise<void>;
  /** Requests refused or failed during this session, with the reason. */
  blocked: string[];
  /** Milliseconds left before the page's deadline. */
  remainingMs(): number;
}

const LAUNCH_ARGS = [
  '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync',
  '--no-first-run', '--dns-prefetch-disable', '--disable-dev-shm-usage',
  // Every request is fulfilled from Node through the guarded loader. Anything that escapes
  // interception (service workers, WebSockets, prefetch) hits this dead proxy and fails.
  '--proxy-server=http://127.0.0.1:9', '--proxy-bypass-list=<-loopback>',
  '--force-webrtc-ip-handling-policy=disable_non_proxied_udp', '--webrtc-ip-handling-policy=disable_non_proxied_udp',
];
const DROP_HEADERS = new Set(['content-encoding', 'content-length', 'transfer-encoding', 'connection', 'content-disposition', 'keep-alive']);

/**
 * One shared headless Chromium with a small page pool. Chromium never touches the network
 * itself: request interception hands every http(s) request to the Loader (SSRF guard, size cap,
 * deadline; robots.txt and politeness for navigations) and fulfils it with the answer.
 * Images, fonts and media are blocked unless asked for; downloads are denied.
 */
export class BrowserPool {
  private browser?: Promise<Browser>;
  private active = 0;
  private readonly waiting: Array<() => void> = [];

  constructor(readonly options: BrowserPoolOptions) {}

  private launch(): Promise<Browser> {
    if (!this.browser) {
      // puppeteer is loaded on first launch: most processes that build a pool never need Chromium.
      this.browser = import('puppeteer').then(({ default: puppeteer }) =>
        // Signals are the host process's business: it stops its work, then closes the pool.
        puppeteer.launch({ executablePath: this.options.executablePath, headless: true, args: LAUNCH_ARGS, handleSIGINT: false, handleSIGTERM: false, handleSIGHUP: false }),
      );
      this.browser.then(
        (b) => b.on('disconnected', () => (this.browser = undefined)),
        () => (this.browser = undefined),
      );
    }
    return this.browser;
  }

  private async acquire(): Promise<void> {
    if (this.active >= (this.options.maxPages ?? 2)) await new Promise<void>((r) => this.waiting.push(r));
    this.active++;
  }

  private release(): void {
    this.active--;
    this.waiting.shift()?.();
  }

  async withPage<T>(fn: (s: PageSession) => Promise<T>, opts: { allowImages?: boolean; timeoutMs?: number } = {}): Promise<T> {
    await this.acquire();
    const timeoutMs = opts.timeoutMs ?? this.options.pageTimeoutMs ?? 45_000;
    let context;
    try {
      context = await (await this.launch()).createBrowserContext({ downloadBehavior: { policy: 'deny' } });
    } catch (err) {
      this.release();
      throw err;
    }
    // The deadline is for the page's work; a slow first launch of Chromium does not eat into it.
    const started = Date.now();
    let timer: NodeJS.Timeout | undefined;
    try {
      const page = await context.newPage();
      page.setDefaultTimeout(timeoutMs);
      await page.setUserAgent(this.options.loader.options.userAgent);
      await page.setBypassServiceWorker(true);
      await page.setRequestInterception(true);
      const nav: { error?: CrawlError } = {};
      const session: PageSession = {
        page,
        blocked: [],
        remainingMs: () => Math.max(0, timeoutMs - (Date.now() - started)),
        goto: async (url, waitUntil = 'domcontentloaded') => {
          checkUrl(url, this.options.loader.allowHosts);
          nav.error = undefined;
          let res;
          try {
            res = await page.goto(url, { waitUntil, timeout: session.remainingMs() });
          } catch (err) {
            // Surface the loader's own error (its class decides retries), not Chromium's net::ERR_*.
            throw nav.error ?? err;
          }
          if (res && res.status() >= 400) throw new HttpError(res.status(), url);
        },
      };
      page.on('request', (req) => void this.route(req, page, session, nav, opts.allowImages ?? false));
      const deadline = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new TimeoutError(timeoutMs, page.url())), timeoutMs);
      });
      return await Promise.race([fn(session), deadline]);
    } finally {
      clearTimeout(timer);
      await context.close().catch(() => undefined);
      this.release();
    }
  }

  private async route(req: HTTPRequest, page: Page, session: PageSession, nav: { error?: CrawlError }, allowImages: boolean): Promise<void> {
    if (req.isInterceptResolutionHandled()) return;
    const url = req.url();
    const type = req.resourceType();
    const mainNav = req.isNavigationRequest() && req.frame() === page.mainFrame();
    const refuse = (why: string) => {
      session.blocked.push(`${url} (${why})`);
      if (mainNav) nav.error = new BlockedError(why === 'scheme' ? 'scheme' : 'redirect', `navigation to ${url} refused (${why})`, url);
      return req.abort('blockedbyclient').catch(() => undefined);
    };
    if (/^(data|blob):/.test(url) && !req.isNavigationRequest()) return req.continue().catch(() => undefined);
    if (!/^https?:/.test(url)) return refuse('scheme');
    if (type === 'document' && !mainNav) return refuse('sub-frame');
    if (type === 'font' || type === 'media' || (type === 'image' && !allowImages)) return refuse(type);
    if (req.method() !== 'GET' && req.method() !== 'HEAD') return refuse(`method ${req.method()}`);
    try {
      const res = await this.options.loader.fetchHop(url, { navigation: mainNav, timeoutMs: session.remainingMs() || 1 });
      const headers: Record<string, string> = {};
      res.headers.forEach((v, k) => {
        if (!DROP_HEADERS.has(k)) headers[k] = v;
      });
      await req.respond({ status: res.status, headers, body: res.body });
    } catch (err) {
      const why = err instanceof CrawlError ? err.message : String(err);
      if (mainNav && err instanceof CrawlError) nav.error = err;
      session.blocked.push(`${url} (${why})`);
      await req.abort(err instanceof TimeoutError ? 'timedout' : err instanceof BlockedError ? 'blockedbyclient' : 'failed').catch(() => undefined);
    }
  }

  async close(): Promise<void> {
    const b = this.browser;
    this.browser = undefined;
    if (b) await (await b).close().catch(() => undefined);
  }
}
