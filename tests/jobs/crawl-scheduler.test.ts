import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Loader } from '../../crawlers/fetch/loader.js';
import { sourceSchema, type SourceDef } from '../../crawlers/source-schema.js';
import { backoffMs, nextCronTime } from '../../src/jobs/crawl-schedule.js';
import { CrawlWorker, type CrawlWorkerOptions } from '../../src/jobs/crawl-worker.js';
import { forumSite } from '../fixtures/sites/forum-site.js';
import { robotsVariantSite } from '../fixtures/sites/hostile-site.js';
import { newsSite } from '../fixtures/sites/news-site.js';
import { serveSite, type RunningSite } from '../fixtures/sites/serve-site.js';
import { testLoader } from '../crawlers/helpers.js';
import { clock, crawlDeps, tempStore, type TempStore } from './crawl-helpers.js';

let t: TempStore;
let sites: RunningSite[];
let loader: Loader;
let sources: SourceDef[];

beforeEach(async () => {
  t = await tempStore();
  sites = await Promise.all([serveSite(newsSite()), serveSite(forumSite()), serveSite(robotsVariantSite('503'))]);
  const [news, forum, down] = sites;
  loader = testLoader(sites.map((s) => s.hostPort), { validators: t.store.httpCache });
  sources = [
    sourceSchema.parse({ id: 'news', name: 'News', type: 'rss', url: `${news.origin}/rss.xml`, schedule: '0 * * * *' }),
    sourceSchema.parse({ id: 'forum', name: 'Forum', type: 'html', url: `${forum.origin}/dien-dan`, schedule: '*/30 * * * *', select: { item: '.post', text: '.body' } }),
    sourceSchema.parse({ id: 'down', name: 'Down', type: 'html', url: `${down.origin}/page`, schedule: '*/10 * * * *', select: { item: '.post', text: '.body' } }),
    sourceSchema.parse({ id: 'off', name: 'Off', type: 'rss', url: `${news.origin}/atom.xml`, enabled: false }),
  ];
});
afterEach(async () => {
  await loader.close();
  await Promise.all(sites.map((s) => s.close()));
  await t.cleanup();
});

const ran = (summaries: { sourceId: string }[]) => summaries.map((s) => s.sourceId).sort();

describe('nextCronTime and backoff', () => {
  it('finds the next matching minute (or second)', () => {
    const at = new Date('2024-03-04T10:07:30.000Z');
    expect(nextCronTime('*/30 * * * *', at, 'UTC').toISOString()).toBe('2024-03-04T10:30:00.000Z');
    expect(nextCronTime('0 7 * * 1', at, 'UTC').toISOString()).toBe('2024-03-11T07:00:00.000Z');
    // 07:00 in Hà Nội is 00:00 UTC.
    expect(nextCronTime('0 7 * * *', at, 'Asia/Ho_Chi_Minh').toISOString()).toBe('2024-03-05T00:00:00.000Z');
    expect(nextCronTime('*/5 * * * * *', at, 'UTC').toISOString()).toBe('2024-03-04T10:07:35.000Z');
    expect(nextCronTime('0 0 1 1 *', at, 'UTC').toISOString()).toBe('2025-01-01T00:00:00.000Z');
    // Strictly after: a run ending on the dot is not due again at once.
    expect(nextCronTime('*/30 * * * *', new Date('2024-03-04T10:30:00.000Z'), 'UTC').toISOString()).toBe('2024-03-04T11:00:00.000Z');
  });

  it('doubles the backoff per failure, capped at a day', () => {
    expect([1, 2, 3, 4].map((n) => backoffMs(n))).toEqual([300_000, 600_000, 1_200_000, 2_400_000]);
    expect(backoffMs(30)).toBe(86_400_000);
  });
});

// The crawl worker decides nothing itself: the database holds each source's next due time (its
// schedule plus jitter, or the backoff after failures) and the worker claims what is due.
const worker = (o: Omit<CrawlWorkerOptions, 'owner'>) => new CrawlWorker({ owner: 'w1', pollMs: 100, ...o });

describe('crawl worker schedule', () => {
  it('lets the database decide what is due: new sources at once, then on their schedules, failures after backoff', async () => {
    const c = clock('2024-03-04T10:07:00.000Z');
    const scheduler = worker({ deps: crawlDeps(t, loader, { now: c.now, timezone: 'UTC' }), sources: () => sources });
    expect(ran(await scheduler.tick())).toEqual(['down', 'forum', 'news']);
    expect(await t.store.crawlState.get('off')).toBeUndefined();
    expect(await scheduler.tick()).toEqual([]);

    c.set('2024-03-04T10:12:01.000Z'); // down's 5-minute backoff is over
    expect(ran(await scheduler.tick())).toEqual(['down']);
    c.set('2024-03-04T10:20:00.000Z'); // down's second backoff (10 min) runs to 10:22
    expect(await scheduler.tick()).toEqual([]);
    c.set('2024-03-04T10:30:00.000Z'); // forum's */30
    expect(ran(await scheduler.tick())).toEqual(['down', 'forum']);
    c.set('2024-03-04T11:00:00.000Z'); // news hourly; down's third backoff (20 min) ended at 10:50
    expect(ran(await scheduler.tick())).toEqual(['down', 'forum', 'news']);

    const states = new Map((await t.store.crawlState.list()).map((s) => [s.sourceId, s]));
    expect(states.get('news')).toMatchObject({ health: 'ok', nextDueAt: '2024-03-04T12:00:00.000Z' });
    expect(states.get('down')).toMatchObject({ health: 'failing', consecutiveFailures: 4, nextDueAt: '2024-03-04T11:40:00.000Z' });
    expect((await t.store.crawlRuns.recent({ sourceId: 'news' })).map((r) => r.status)).toEqual(['not_modified', 'ok']);
  });

  it('adds jitter to the next due time', async () => {
    const c = clock('2024-03-04T10:07:00.000Z');
    const scheduler = worker({
      deps: crawlDeps(t, loader, { now: c.now, timezone: 'UTC', jitterMs: 60_000, random: () => 0.5 }),
      sources: () => sources.slice(0, 1),
    });
    await scheduler.tick();
    expect((await t.store.crawlState.get('news'))!.nextDueAt).toBe('2024-03-04T11:00:30.000Z');
  });

  it('runs at most `concurrency` sources at once and skips paused ones', async () => {
    const c = clock('2024-03-04T10:07:00.000Z');
    await t.store.crawlState.setPaused('news', true, c.now().toISOString());
    const scheduler = worker({ deps: crawlDeps(t, loader, { now: c.now }), sources: () => sources, concurrency: 1 });
    const ticks: string[][] = [];
    for (let i = 0; i < 4; i++) ticks.push((await scheduler.tick()).map((s) => s.sourceId));
    expect(Math.max(...ticks.map((r) => r.length))).toBe(1);
    expect(ticks.flat().sort()).toEqual(['down', 'forum']);
    expect(await t.store.crawlRuns.recent({ sourceId: 'news' })).toEqual([]);
  });

  it('ticks on its own and stops cleanly', async () => {
    const news = sourceSchema.parse({ ...sources[0], schedule: '* * * * * *' });
    const runs: string[] = [];
    const scheduler = worker({ deps: crawlDeps(t, loader), sources: () => [news], onRun: (s) => runs.push(s.status) });
    scheduler.start();
    const deadline = Date.now() + 8000;
    while (runs.length < 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    await scheduler.stop();
    expect(runs.slice(0, 2)).toEqual(['ok', 'not_modified']);
    const after = runs.length;
    await new Promise((r) => setTimeout(r, 1200));
    expect(runs.length).toBe(after);
  });
});
