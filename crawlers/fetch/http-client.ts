import { Agent, buildConnector, fetch as undiciFetch, type Dispatcher } from 'undici';
import { CrawlError, NetworkError, TimeoutError, TooLargeError } from './errors.js';
import { guardedLookup, type AllowList, type Resolver } from './ssrf-guard.js';

/** One HTTP exchange, redirects not followed, body fully read (and decoded) into memory. */
export interface RawResponse {
  url: string;
  status: number;
  headers: Headers;
  body: Buffer;
  /** True when the body was cut at the cap because the caller asked for truncation. */
  truncated: boolean;
}

export interface HttpClientOptions {
  userAgent: string;
  allowHosts: AllowList;
  /** Name resolution for connections (default: the system resolver). */
  resolve?: Resolver;
  /** Cap on DECODED body bytes: a 10 KB gzip bomb cannot inflate past it. */
  maxBytes: number;
  /** Deadline for the whole exchange, headers and body: a trickling server cannot hold a fetch. */
  timeoutMs: number;
}

export interface RequestOptions {
  headers?: Record<string, string>;
  maxBytes?: number;
  timeoutMs?: number;
  /** Stop reading at the cap instead of failing (robots.txt: parse the first 500 KiB). */
  truncate?: boolean;
  signal?: AbortSignal;
}

/**
 * Creates the dispatcher whose every connection goes through the SSRF-checked DNS lookup. The
 * lookup is built per port, because net.connect's `lookup` is not told the port, and an
 * allow-list entry `host:port` must not open the host's other ports (a redirect or a page's
 * script to `http://host:other/` would otherwise reach whatever listens there).
 */
export function createGuardedAgent(allow: AllowList, resolve?: Resolver): Dispatcher {
  const byPort = new Map<string, buildConnector.connector>();
  const connect: buildConnector.connector = (opts, callback) => {
    const port = String(opts.port || (opts.protocol === 'https:' ? 443 : 80));
    let connector = byPort.get(port);
    if (!connector) {
      connector = buildConnector({ lookup: guardedLookup(allow, { port, resolve }) as never, timeout: 10_000 });
      byPort.set(port, connector);
    }
    return connector(opts, callback);
  };
  return new Agent({
    connect,
    keepAliveTimeout: 4_000,
    connections: 4,
  });
}

export class HttpClient {
  readonly agent: Dispatcher;
  constructor(readonly options: HttpClientOptions) {
    this.agent = createGuardedAgent(options.allowHosts, options.resolve);
  }

  async request(url: URL, opts: RequestOptions = {}): Promise<RawResponse> {
    const timeoutMs = opts.timeoutMs ?? this.options.timeoutMs;
    const maxBytes = opts.maxBytes ?? this.options.maxBytes;
    const deadline = AbortSignal.timeout(timeoutMs);
    const signal = opts.signal ? AbortSignal.any([deadline, opts.signal]) : deadline;
    let res: Awaited<ReturnType<typeof undiciFetch>>;
    try {
      res = await undiciFetch(url, {
        dispatcher: this.agent,
        redirect: 'manual',
        signal,
        headers: { 'user-agent': this.options.userAgent, 'accept-language': 'vi,en;q=0.5', ...opts.headers },
      });
    } catch (err) {
      const cause = (err as { cause?: unknown }).cause;
      if (cause instanceof CrawlError) throw cause;
      if (deadline.aborted) throw new TimeoutError(timeoutMs, url.href);
      if (signal.aborted) throw err;
      const detail = cause instanceof Error ? cause.message : String(err);
      throw new NetworkError(`could not fetch ${url.href}: ${detail}`, url.href, { cause: err });
    }
    const headers = res.headers as unknown as Headers;
    const noBody = res.status === 304 || res.status === 204 || (res.status >= 300 && res.status < 400);
    if (noBody || !res.body) {
      await res.body?.cancel().catch(() => undefined);
      return { url: url.href, status: res.status, headers, body: Buffer.alloc(0), truncated: false };
    }
    const declared = Number(res.headers.get('content-length'));
    const encoded = (res.headers.get('content-encoding') ?? 'identity') !== 'identity';
    if (!opts.truncate && !encoded && Number.isFinite(declared) && declared > maxBytes) {
      await res.body.cancel().catch(() => undefined);
      throw new TooLargeError(maxBytes, url.href);
    }
    const chunks: Buffer[] = [];
    let total = 0;
    let truncated = false;
    const reader = res.body.getReader();
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        // Counted after decompression: undici inflates gzip/deflate/br before we see the bytes.
        if (total + value.byteLength > maxBytes) {
          if (!opts.truncate) throw new TooLargeError(maxBytes, url.href);
          chunks.push(Buffer.from(value.buffer, value.byteOffset, maxBytes - total));
          total = maxBytes;
          truncated = true;
          break;
        }
        chunks.push(Buffer.from(value.buffer, value.byteOffset, value.byteLength));
        total += value.byteLength;
      }
    } catch (err) {
      await reader.cancel().catch(() => undefined);
      if (err instanceof CrawlError) throw err;
      if (deadline.aborted) throw new TimeoutError(timeoutMs, url.href);
      if (signal.aborted) throw err;
      throw new NetworkError(`reading ${url.href} failed: ${(err as Error).message}`, url.href, { cause: err });
    }
    if (truncated) await reader.cancel().catch(() => undefined);
    return { url: url.href, status: res.status, headers, body: Buffer.concat(chunks, total), truncated };
  }

  close(): Promise<void> {
    return this.agent.close();
  }
}

