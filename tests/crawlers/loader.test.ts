import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BlockedError, HttpError, TimeoutError, TooLargeError } from '../../crawlers/fetch/errors.js';
import { HostPausedError } from '../../crawlers/fetch/host-limiter.js';
import type { Loader } from '../../crawlers/fetch/loader.js';
import { hostileSite } from '../fixtures/sites/hostile-site.js';
import { jsonApi } from '../fixtures/sites/json-api.js';
import { serveSite, type RunningSite } from '../fixtures/sites/serve-site.js';
import { TEST_UA, testLoader } from './helpers.js';

let site: RunningSite;
let other: RunningSite;
let loader: Loader;

beforeAll(async () => {
  site = await serveSite(hostileSite());
  // A second local service that is NOT allow-listed: redirects must never reach it.
  other = await serveSite(jsonApi());
  loader = testLoader([site.hostPort], { maxBytes: 1024 * 1024, timeoutMs: 1500 });
});
afterAll(async () => {
  await loader.close();
  await site.close();
  await other.close();
});

async function failure(p: Promise<unknown>): Promise<Error> {
  try {
    await p;
  } catch (e) {
    return e as Error;
  }
  throw new Error('expected a failure');
}

describe('Loader against a hostile server', () => {
  it('fetches, decompresses and identifies itself', async () => {
    const res = await loader.get(`${site.origin}/gzip-ok`);
    expect(res.text()).toBe('<p>Người lao động</p>');
    const req = site.requests.find((r) => r.path === '/gzip-ok')!;
    expect(req.headers['user-agent']).toBe(TEST_UA);
    // robots.txt is consulted before the first page of a host.
    expect(site.paths().indexOf('/robots.txt')).toBeLessThan(site.paths().indexOf('/gzip-ok'));
  });

  it.each(['/big', '/big-chunked', '/bomb.gz', '/bomb.br'])('cuts off %s at the decoded-size cap', async (path) => {
    const err = await failure(loader.get(`${site.origin}${path}`));
    expect(err).toBeInstanceOf(TooLargeError);
    expect(err.message).toContain('1048576');
  });

  it('cuts off a server that trickles one byte at a time', async () => {
    const t0 = Date.now();
    const err = await failure(loader.get(`${site.origin}/trickle`, { timeoutMs: 600 }));
    expect(err).toBeInstanceOf(TimeoutError);
    // Retried (timeouts are transient) but every attempt is bounded by the deadline.
    expect(Date.now() - t0).toBeLessThan(6000);
    expect(site.paths().filter((p) => p === '/trickle')).toHaveLength(3);
  });

  it('times out a server that never sends headers', async () => {
    const l = testLoader([site.hostPort], { retries: 0 });
    // robots.txt first, with the default deadline: on a busy machine a 300 ms deadline could make
    // the robots fetch fail (which blocks the host, rightly) before the page is even asked for.
    await l.get(`${site.origin}/ok`);
    expect(await failure(l.get(`${site.origin}/slow-headers`, { timeoutMs: 300 }))).toBeInstanceOf(TimeoutError);
    await l.close();
  });

  it('follows a redirect within the allowed site', async () => {
    const res = await loader.get(`${site.origin}/redirect?to=/ok`);
    expect(res.url).toBe(`${site.origin}/ok`);
    expect(res.requestedUrl).toBe(`${site.origin}/redirect?to=/ok`);
  });

  it.each([
    ['another loopback port', () => `http://127.0.0.1:${other.port}/api/wrapped`, 'ssrf'],
    ['localhost by name', () => `http://localhost:${other.port}/api/wrapped`, 'ssrf'],
    ['an integer-encoded loopback', () => `http://2130706433:${other.port}/`, 'ssrf'],
    ['IPv4-mapped IPv6 loopback', () => `http://[::ffff:127.0.0.1]:${other.port}/`, 'ssrf'],
    ['the metadata service', () => 'http://169.254.169.254/latest/meta-data/', 'ssrf'],
    ['a file: URL', () => 'file:///etc/passwd', 'scheme'],
  ])('refuses a redirect to %s', async (_, target, reason) => {
    const err = await failure(loader.get(`${site.origin}/redirect?to=${encodeURIComponent(target())}`));
    expect(err).toBeInstanceOf(BlockedError);
    expect((err as BlockedError).reason).toBe(reason);
    expect(other.requests).toHaveLength(0);
  });

  it('refuses direct requests to non-allow-listed local services', async () => {
    expect(await failure(loader.get(`http://127.0.0.1:${other.port}/`))).toBeInstanceOf(BlockedError);
    expect(other.requests).toHaveLength(0);
  });

  it('stops after the redirect limit', async () => {
    const err = await failure(loader.get(`${site.origin}/loop/0`));
    expect((err as BlockedError).reason).toBe('redirect');
    expect(site.paths().filter((p) => p.startsWith('/loop/'))).toHaveLength(6);
  });

  it('retries a 503 and succeeds', async () => {
    const res = await loader.get(`${site.origin}/flaky`);
    expect(res.text()).toBe('<p>ổn rồi</p>');
    expect(site.paths().filter((p) => p === '/flaky')).toHaveLength(2);
  });

  it('does not sit out a long Retry-After, and leaves the host alone until then', async () => {
    const l = testLoader([site.hostPort]);
    const err = await failure(l.get(`${site.origin}/rate-limited`));
    expect(err).toBeInstanceOf(HttpError);
    expect((err as HttpError).status).toBe(429);
    expect((err as HttpError).retryAfterMs).toBe(3600_000);
    const before = site.requests.length;
    const again = await failure(l.get(`${site.origin}/ok`));
    expect(again).toBeInstanceOf(HostPausedError);
    expect((again as HostPausedError).retryAfterMs).toBeGreaterThan(3500_000);
    expect(site.requests.length).toBe(before);
    expect(site.paths().filter((p) => p === '/rate-limited')).toHaveLength(1);
    await l.close();
  });

  it('does not retry a 410', async () => {
    const err = await failure(loader.get(`${site.origin}/gone`));
    expect(err).toMatchObject({ status: 410, retryable: false });
    expect(site.paths().filter((p) => p === '/gone')).toHaveLength(1);
  });
});
