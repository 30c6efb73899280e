import { afterEach, describe, expect, it } from 'vitest';
import { BlockedError } from '../../crawlers/fetch/errors.js';
import type { Clock } from '../../crawlers/fetch/host-limiter.js';
import type { Loader } from '../../crawlers/fetch/loader.js';
import { robotsVariantSite } from '../fixtures/sites/hostile-site.js';
import { newsSite } from '../fixtures/sites/news-site.js';
import { serveSite, type RunningSite } from '../fixtures/sites/serve-site.js';
import { testLoader } from './helpers.js';

const open: Array<RunningSite | Loader> = [];
afterEach(async () => {
  for (const x of open.splice(0)) await x.close();
});

async function setup(app: Parameters<typeof serveSite>[0], overrides: Parameters<typeof testLoader>[1] = {}) {
  const site = await serveSite(app);
  const loader = testLoader([site.hostPort], overrides);
  open.push(loader, site);
  return { site, loader };
}

async function blocked(p: Promise<unknown>): Promise<BlockedError> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(BlockedError);
    return e as BlockedError;
  }
  throw new Error('expected BlockedError');
}

/** A clock whose time only moves when told to (sleeps advance it). */
function fakeClock(): Clock & { advance(ms: number): void; slept: number[] } {
  let t = 1_700_000_000_000;
  const slept: number[] = [];
  return {
    now: () => t,
    sleep: async (ms) => {
      slept.push(ms);
      t += ms;
    },
    advance: (ms) => (t += ms),
    slept,
  };
}

describe('robots.txt', () => {
  it('never requests a disallowed path, and fetches robots.txt once per host', async () => {
    const { site, loader } = await setup(newsSite());
    const err = await blocked(loader.get(`${site.origin}/private/admin`));
    expect(err.reason).toBe('robots');
    expect(err.message).toContain('robots.txt');
    await loader.get(`${site.origin}/bai-viet/1`);
    await loader.get(`${site.origin}/bai-viet/2`);
    expect(site.paths()).toEqual(['/robots.txt', '/bai-viet/1', '/bai-viet/2']);
  });

  it('a 503 robots.txt stops the whole host', async () => {
    const { site, loader } = await setup(robotsVariantSite('503'));
    const err = await blocked(loader.get(`${site.origin}/page`));
    expect(err.message).toMatch(/503/);
    await blocked(loader.get(`${site.origin}/secret`));
    expect(site.paths()).toEqual(['/robots.txt']);
  });

  it('an unreachable (timing out) robots.txt stops the host', async () => {
    const { site, loader } = await setup(robotsVariantSite('timeout'), { timeoutMs: 300 });
    await blocked(loader.get(`${site.origin}/page`));
    expect(site.paths()).toEqual(['/robots.txt']);
  });

  it('a 404 robots.txt allows everything', async () => {
    const { site, loader } = await setup(robotsVariantSite('404'));
    expect((await loader.get(`${site.origin}/secret`)).status).toBe(200);
  });

  it('a robots.txt that redirects in a loop counts as unavailable (allow)', async () => {
    const { site, loader } = await setup(robotsVariantSite('redirect-loop'));
    expect((await loader.get(`${site.origin}/page`)).status).toBe(200);
    expect(site.paths().filter((p) => p === '/robots.txt')).toHaveLength(6);
  });

  it('parses a robots.txt larger than 500 KiB (rules in the first 500 KiB apply)', async () => {
    const { site, loader } = await setup(robotsVariantSite('huge'));
    await blocked(loader.get(`${site.origin}/secret`));
    // The rule after the 512 KiB cut is not read; the file still parses.
    expect((await loader.get(`${site.origin}/page`)).status).toBe(200);
  });

  it('retries a failed robots.txt after a short while, and caches a good one', async () => {
    const clock = fakeClock();
    const { site, loader } = await setup(robotsVariantSite('500-then-ok'), { clock });
    await blocked(loader.get(`${site.origin}/page`));
    clock.advance(10 * 60_000);
    await blocked(loader.get(`${site.origin}/page`));
    clock.advance(25 * 60_000);
    expect((await loader.get(`${site.origin}/page`)).status).toBe(200);
    clock.advance(23 * 3600_000);
    await loader.get(`${site.origin}/page`);
    expect(site.paths().filter((p) => p === '/robots.txt')).toHaveLength(2);
    clock.advance(2 * 3600_000);
    await loader.get(`${site.origin}/page`);
    expect(site.paths().filter((p) => p === '/robots.txt')).toHaveLength(3);
  });

  it("honours a Crawl-delay addressed to our agent token", async () => {
    const clock = fakeClock();
    const { site, loader } = await setup(robotsVariantSite('crawl-delay'), { clock });
    await loader.get(`${site.origin}/page`);
    await loader.get(`${site.origin}/page`);
    expect(clock.slept.some((ms) => ms >= 1000)).toBe(true);
  });
});
