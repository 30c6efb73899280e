import { BlockedError, HttpError, isRetryable, parseRetryAfter, type CrawlError } from './errors.js';
import { decodeBody } from './decode.js';
import type { HostGate } from './host-gate.js';
import { HostLimiter, systemClock, type Clock } from './host-limiter.js';
import { HttpClient, type RawResponse } from './http-client.js';
import { ROBOTS_MAX_BYTES, RobotsPolicy } from './robots.js';
import { checkUrl, type AllowList, type Resolver } from './ssrf-guard.js';

/** HTTP validators kept per URL for conditional GET. */
export interface Validators {
  etag?: string;
  lastModified?: string;
}
/** Read side of the HTTP cache; the crawl job writes validators only after items are stored. */
export interface ValidatorStore {
  get(url: string): Promise<Validators | undefined>;
}

export interface LoaderOptions {
  /** Full User-Agent header, e.g. "KiemChung/0.1 (+https://…)". */
  userAgent: string;
  allowHosts: AllowList;
  /** Name resolution for connections (default: the system resolver; tests map names to 127.0.0.1). */
  resolve?: Resolver;
  /** Pause between two requests to the same host. */
  delayMs: number;
  maxBytes?: number;
  timeoutMs?: number;
  maxRedirects?: number;
  /** Extra attempts for retryable errors. */
  retries?: number;
  retryBaseMs?: number;
  /** A Retry-After longer than this is not waited out in-process: the scheduler's backoff takes over. */
  maxRetryWaitMs?: number;
  validators?: ValidatorStore;
  clock?: Clock;
  robotsTtlMs?: number;
  /** Per-host slots shared with other workers; without one, politeness is this process's alone. */
  hostGate?: HostGate;
}

export interface LoadResult {
  requestedUrl: string;
  /** Final URL after redirects. */
  url: string;
  status: number;
  notModified: boolean;
  headers: Headers;
  body: Buffer;
  contentType: string;
  /** Validators from this response, to be committed once its content is safely stored. */
  validators: Validators;
  text(): string;
}

export interface GetOptions {
  /** Send If-None-Match / If-Modified-Since from the validator store. */
  conditional?: boolean;
  accept?: string;
  maxBytes?: number;
  timeoutMs?: number;
  signal?: AbortSignal;
}

const REDIRECTS = new Set([301, 302, 303, 307, 308]);

/**
 * The one way crawlers reach the network: SSRF guard and robots.txt on every hop, manual
 * redirects, one request at a time per host with a delay, size cap and deadline per request,
 * conditional GET, and retries decided by the error's class.
 */
export class Loader {
  readonly http: HttpClient;
  readonly limiter: HostLimiter;
  readonly robots: RobotsPolicy;
  private readonly clock: Clock;

  constructor(readonly options: LoaderOptions) {
    this.clock = options.clock ?? systemClock;
    this.http = new HttpClient({
      userAgent: options.userAgent,
      allowHosts: options.allowHosts,
      resolve: options.resolve,
      maxBytes: options.maxBytes ?? 5 * 1024 * 1024,
      timeoutMs: options.timeoutMs ?? 30_000,
    });
    this.limiter = new HostLimiter(options.delayMs, this.clock, options.maxRetryWaitMs ?? 60_000, options.hostGate);
    const token = options.userAgent.split(/[/\s]/)[0] || 'KiemChung';
    this.robots = new RobotsPolicy((u) => this.fetchRobots(u), token, { ttlMs: options.robotsTtlMs, clock: this.clock });
  }

  get allowHosts(): AllowList {
    return this.options.allowHosts;
  }

  /** Throws BlockedError unless `url` passes the SSRF pre-check and robots.txt. */
  async assertAllowed(url: string | URL): Promise<URL> {
    const u = checkUrl(url, this.options.allowHosts);
    const decision = await this.robots.check(u);
    if (decision.crawlDelayMs) this.limiter.setCrawlDelay(u.host, decision.crawlDelayMs);
    if (!decision.allowed) throw new BlockedError('robots', `${u.href}: ${decision.reason}`, u.href, { retryable: decision.transient });
    return u;
  }

  private async fetchRobots(robotsUrl: URL) {
    const res = await this.follow(robotsUrl, { maxBytes: ROBOTS_MAX_BYTES }, false, true);
    return { status: res.status, body: res.body };
  }

  /** Follows redirects by hand so every hop is re-checked. Returns the first non-redirect answer. */
  private async follow(start: URL, opts: GetOptions & { headers?: Record<string, string> }, robots: boolean, truncate = false): Promise<RawResponse> {
    let current = start;
    const max = this.options.maxRedirects ?? 5;
    for (let hop = 0; ; hop++) {
      const url = robots ? await this.assertAllowed(current) : checkUrl(current, this.options.allowHosts);
      const res = await this.politely(url, () =>
        this.http.request(url, { headers: opts.headers, maxBytes: opts.maxBytes, timeoutMs: opts.timeoutMs, truncate, signal: opts.signal }),
      );
      const location = res.headers.get('location');
      if (!REDIRECTS.has(res.status) || !location) return res;
      if (hop >= max) throw new BlockedError('redirect', `more than ${max} redirects from ${start.href}`, start.href);
      current = new URL(location, url);
    }
  }

  /**
   * One request in the host's turn. A Retry-After is noted before the turn ends, so the host's
   * next allowed time (shared with other workers through the gate) already includes it.
   */
  private politely(url: URL, request: () => Promise<RawResponse>): Promise<RawResponse> {
    return this.limiter.schedule(url.host, async () => {
      const res = await request();
      if (res.status === 429 || res.status === 503) {
        const retryAfterMs = parseRetryAfter(res.headers.get('retry-after'), this.clock.now());
        if (retryAfterMs !== undefined) this.limiter.pause(url.host, retryAfterMs);
      }
      return res;
    });
  }

  private async once(url: URL, opts: GetOptions): Promise<LoadResult> {
    const headers: Record<string, string> = {};
    if (opts.accept) headers.accept = opts.accept;
    if (opts.conditional && this.options.validators) {
      const v = await this.options.validators.get(url.href);
      if (v?.etag) headers['if-none-match'] = v.etag;
      if (v?.lastModified) headers['if-modified-since'] = v.lastModified;
    }
    const res = await this.follow(url, { ...opts, headers }, true);
    const host = new URL(res.url).host;
    if (res.status === 429 || res.status === 503) {
      const retryAfterMs = parseRetryAfter(res.headers.get('retry-after'), this.clock.now());
      if (retryAfterMs !== undefined) this.limiter.pause(host, retryAfterMs);
      throw new HttpError(res.status, res.url, retryAfterMs);
    }
    if (res.status !== 304 && (res.status < 200 || res.status >= 300)) throw new HttpError(res.status, res.url);
    const contentType = res.headers.get('content-type') ?? '';
    return {
      requestedUrl: url.href,
      url: res.url,
      status: res.status,
      notModified: res.status === 304,
      headers: res.headers,
      body: res.body,
      contentType,
      validators: {
        etag: res.headers.get('etag') ?? undefined,
        lastModified: res.headers.get('last-modified') ?? undefined,
      },
      text: () => decodeBody(res.body, contentType),
    };
  }

  /** GET with retries for retryable errors (timeouts, 5xx, 429 with a short Retry-After). */
  async get(input: string | URL, opts: GetOptions = {}): Promise<LoadResult> {
    const url = checkUrl(input, this.options.allowHosts);
    const retries = this.options.retries ?? 2;
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.once(url, opts);
      } catch (err) {
        if (!isRetryable(err) || attempt >= retries || opts.signal?.aborted) throw err;
        const requested = (err as CrawlError).retryAfterMs;
        if (requested !== undefined && requested > (this.options.maxRetryWaitMs ?? 60_000)) throw err;
        // The host limiter already holds the host for Retry-After; this is the exponential part.
        await this.clock.sleep((this.options.retryBaseMs ?? 1000) * 2 ** attempt);
      }
    }
  }

  /**
   * One hop for the browser, which follows redirects itself (each hop comes back here). Top-level
   * navigations get robots.txt and the host limiter; subresources get the SSRF guard and caps.
   */
  async fetchHop(input: string, opts: { navigation: boolean; maxBytes?: number; timeoutMs?: number; signal?: AbortSignal }): Promise<RawResponse> {
    const url = opts.navigation ? await this.assertAllowed(input) : checkUrl(input, this.options.allowHosts);
    const run = () => this.http.request(url, { maxBytes: opts.maxBytes, timeoutMs: opts.timeoutMs, signal: opts.signal });
    return opts.navigation ? this.politely(url, run) : run();
  }

  async close(): Promise<void> {
    await this.options.hostGate?.close?.();
    await this.http.close();
  }
}
