import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { Hono } from 'hono';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Loader } from '../../crawlers/fetch/loader.js';
import { sourceSchema } from '../../crawlers/source-schema.js';
import { crawlSource } from '../../src/jobs/crawl-source.js';
import { Db } from '../../src/storage/db.js';
import { robotsVariantSite } from '../fixtures/sites/hostile-site.js';
import { ARTICLES, newsSite } from '../fixtures/sites/news-site.js';
import { serveSite, type RunningSite } from '../fixtures/sites/serve-site.js';
import { testLoader } from '../crawlers/helpers.js';
import { clock, crawlDeps, tempStore, type TempStore } from './crawl-helpers.js';

let t: TempStore;
let news: RunningSite;
let down: RunningSite;
let loader: Loader;
/** Runs before the feed is answered: lets a test grab the database lock mid-crawl. */
let beforeFeed: () => Promise<void> = async () => undefined;

beforeEach(async () => {
  t = await tempStore(50);
  const app = new Hono();
  app.use('/rss.xml', async (_c, next) => {
    await beforeFeed();
    await next();
  });
  app.route('/', newsSite());
  news = await serveSite(app);
  down = await serveSite(robotsVariantSite('503'));
  loader = testLoader([news.hostPort, down.hostPort], { validators: t.store.httpCache });
});
afterEach(async () => {
  beforeFeed = async () => undefined;
  await loader.close();
  await news.close();
  await down.close();
  await t.cleanup();
});

const feed = () => sourceSchema.parse({ id: 'bao-ld', name: 'Báo LĐ', type: 'rss', url: `${news.origin}/rss.xml`, schedule: '*/30 * * * *', unit: 'hq' });

describe('crawlSource', () => {
  it('stores a feed, logs the run, schedules the next one and queues evidence for flagged items', async () => {
    const c = clock('2024-03-04T10:07:00.000Z');
    const s = await crawlSource(crawlDeps(t, loader, { now: c.now }), feed());
    expect(s).toMatchObject({ status: 'ok', pages: 1, found: 3, new: 3, duplicates: 0, evidenceQueued: 1, health: 'ok', nextDueAt: '2024-03-04T10:30:00.000Z' });
    const items = await t.store.db.all<{ id: number; title: string; source_id: string; unit: string; flagged: number }>(
      'SELECT id, title, source_id, unit, flagged FROM items ORDER BY id',
    );
    expect(items.map((i) => i.title)).toEqual(ARTICLES.map((a) => a.title));
    expect(items.every((i) => i.source_id === 'bao-ld' && i.unit === 'hq')).toBe(true);
    const flagged = items.find((i) => i.flagged === 1)!;
    expect(flagged.title).toContain('COVID');
    expect(await t.store.evidence.forItem(flagged.id)).toMatchObject({ status: 'queued', url: `${news.origin}/bai-viet/3` });
    expect(await t.store.crawlRuns.get(s.runId!)).toMatchObject({ status: 'ok', found: 3, newCount: 3, duplicates: 0, endedAt: '2024-03-04T10:07:00.000Z' });
    expect(await t.store.sources.get('bao-ld')).toMatchObject({ name: 'Báo LĐ', type: 'rss', unit: 'hq' });
  });

  it('the second run of an unchanged feed sends If-None-Match and stores nothing new', async () => {
    const deps = crawlDeps(t, loader);
    await crawlSource(deps, feed());
    const s = await crawlSource(deps, feed());
    expect(s).toMatchObject({ status: 'not_modified', found: 0, new: 0, duplicates: 0 });
    const feedRequests = news.requests.filter((r) => r.path === '/rss.xml');
    expect(feedRequests).toHaveLength(2);
    expect(feedRequests[1].headers['if-none-match']).toBe('"feed-v1"');
    expect(await t.store.items.count()).toBe(3);
    expect((await t.store.crawlRuns.recent({ sourceId: 'bao-ld' })).map((r) => r.status)).toEqual(['not_modified', 'ok']);
  });

  it('re-fetching without validators records duplicates, not new items', async () => {
    await crawlSource(crawlDeps(t, loader), feed());
    const fresh = testLoader([news.hostPort]);
    const s = await crawlSource(crawlDeps(t, fresh), feed());
    await fresh.close();
    expect(s).toMatchObject({ status: 'ok', found: 3, new: 0, duplicates: 3 });
    expect(await t.store.items.count()).toBe(3);
  });

  it('a failing source backs off exponentially and turns degraded, then failing', async () => {
    const c = clock('2024-03-04T10:00:00.000Z');
    const deps = crawlDeps(t, loader, { now: c.now, failingAfter: 3 });
    const src = sourceSchema.parse({ id: 'down', name: 'Down', type: 'html', url: `${down.origin}/page`, select: { item: '.post', text: '.body' } });
    const s1 = await crawlSource(deps, src);
    // An erroring robots.txt closes the host for now, not forever: the failure is retryable.
    expect(s1).toMatchObject({ status: 'failed', retryable: true, health: 'degraded', nextDueAt: '2024-03-04T10:05:00.000Z' });
    expect(s1.error).toMatch(/robots\.txt .* 503/);
    await crawlSource(deps, src);
    const s3 = await crawlSource(deps, src);
    expect(s3).toMatchObject({ health: 'failing', nextDueAt: '2024-03-04T10:20:00.000Z' });
    expect(await t.store.crawlState.get('down')).toMatchObject({ consecutiveFailures: 3, health: 'failing', lastError: s3.error });
    // The host's robots.txt was fetched once and nothing else of it ever requested.
    expect(down.paths()).toEqual(['/robots.txt']);
  });

  it('never runs one source twice at once', async () => {
    const deps = crawlDeps(t, loader);
    const [a, b] = await Promise.all([crawlSource(deps, feed()), crawlSource(deps, feed())]);
    expect([a.status, b.status].sort()).toEqual(['ok', 'skipped']);
    expect(news.requests.filter((r) => r.path === '/rss.xml')).toHaveLength(1);
  });

  it('keeps crawled items when the database stays locked, and stores them on the next run', async () => {
    const other = await Db.open(t.path, { busyTimeoutMs: 50 });
    beforeFeed = async () => {
      await other.exec('BEGIN IMMEDIATE');
      setTimeout(() => void other.exec('COMMIT'), 400);
    };
    const deps = crawlDeps(t, loader, { storeAttempts: 2, storeRetryMs: 20 });
    const s1 = await crawlSource(deps, feed());
    expect(s1.status).toBe('failed');
    expect(s1.error).toMatch(/database busy: 3 item\(s\) saved to/);
    expect(readdirSync(join(t.dir, 'spool'))).toHaveLength(1);
    expect(await t.store.items.count()).toBe(0);
    beforeFeed = async () => undefined;
    // The validators were not committed, so the feed is fetched in full again; the spool is replayed first.
    const s2 = await crawlSource(deps, feed());
    expect(s2).toMatchObject({ status: 'ok', replayed: 3, new: 3, duplicates: 3 });
    expect(await t.store.items.count()).toBe(3);
    expect(readdirSync(join(t.dir, 'spool'))).toHaveLength(0);
    await other.close();
  });

  it('rides out a briefly locked database by retrying', async () => {
    const other = await Db.open(t.path, { busyTimeoutMs: 50 });
    beforeFeed = async () => {
      await other.exec('BEGIN IMMEDIATE');
      setTimeout(() => void other.exec('COMMIT'), 150);
    };
    const s = await crawlSource(crawlDeps(t, loader, { storeAttempts: 6, storeRetryMs: 40 }), feed());
    expect(s).toMatchObject({ status: 'ok', new: 3 });
    expect(existsSync(join(t.dir, 'spool'))).toBe(false);
    await other.close();
  });
});
