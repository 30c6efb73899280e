import { Loader, type LoaderOptions, type Validators } from '../../crawlers/fetch/loader.js';
import { parseAllowList } from '../../crawlers/fetch/ssrf-guard.js';

export const TEST_UA = 'KiemChung/0.1 (+https://example.org/kiem-chung)';

/** A loader for fixture sites: only the given host:port entries are allow-listed, no politeness delay. */
export function testLoader(allow: string[], overrides: Partial<LoaderOptions> = {}): Loader {
  return new Loader({
    userAgent: TEST_UA,
    allowHosts: parseAllowList(allow),
    delayMs: 0,
    timeoutMs: 3000,
    retryBaseMs: 5,
    ...overrides,
  });
}

/** In-memory validator store standing in for the http_cache table. */
export class MemoryValidators {
  readonly map = new Map<string, Validators>();
  async get(url: string) {
    return this.map.get(url);
  }
  put(entries: Array<{ url: string } & Validators>) {
    for (const { url, ...v } of entries) this.map.set(url, v);
  }
}
