/**
 * Crawl errors. As in Crawlee, an error's class decides whether a request is retried: transient
 * conditions (timeouts, resets, 5xx, 429) are `retryable`; decisions (robots, SSRF guard, size
 * cap, 4xx) are final and retrying would only repeat them.
 */
export class CrawlError extends Error {
  readonly retryable: boolean = false;
  /** Server-requested pause before the next attempt (Retry-After), in ms. */
  readonly retryAfterMs?: number;
  constructor(message: string, readonly url: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** Non-2xx/304 response. 5xx, 408 and 429 are retryable. */
export class HttpError extends CrawlError {
  override readonly retryable: boolean;
  override readonly retryAfterMs?: number;
  constructor(readonly status: number, url: string, retryAfterMs?: number) {
    super(`HTTP ${status} for ${url}`, url);
    this.retryable = status >= 500 || status === 429 || status === 408;
    this.retryAfterMs = retryAfterMs;
  }
}

/**
 * Refused before any byte was sent: SSRF guard, robots.txt, unsupported scheme. Final, except
 * when robots.txt itself was unreachable (the host is down or erroring: try again later).
 */
export class BlockedError extends CrawlError {
  override readonly retryable: boolean;
  constructor(readonly reason: 'ssrf' | 'robots' | 'scheme' | 'redirect', message: string, url: string, options: { retryable?: boolean } = {}) {
    super(message, url);
    this.retryable = options.retryable ?? false;
  }
}

/** The decoded body exceeded the size cap (compression bombs included). Never retried. */
export class TooLargeError extends CrawlError {
  constructor(readonly limit: number, url: string) {
    super(`response from ${url} exceeds ${limit} bytes`, url);
  }
}

/** The whole request (headers and body) did not finish within its deadline. */
export class TimeoutError extends CrawlError {
  override readonly retryable = true;
  constructor(readonly timeoutMs: number, url: string) {
    super(`request to ${url} did not complete within ${timeoutMs} ms`, url);
  }
}

/** Connection-level failure (DNS, reset, refused). */
export class NetworkError extends CrawlError {
  override readonly retryable = true;
}

/** Content could not be understood (bad XML/JSON, wrong content type). Never retried. */
export class ParseError extends CrawlError {}

export function isRetryable(err: unknown): boolean {
  return err instanceof CrawlError && err.retryable;
}

/** Parses Retry-After (seconds or HTTP date) into ms from `now`; undefined when absent or invalid. */
export function parseRetryAfter(value: string | null | undefined, now = Date.now()): number | undefined {
  if (!value) return undefined;
  const v = value.trim();
  if (/^\d+$/.test(v)) return Number(v) * 1000;
  const at = Date.parse(v);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}
