import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Loader } from '../../crawlers/fetch/loader.js';
import { sourceSchema, type SourceDef } from '../../crawlers/source-schema.js';
import { crawlSource, PAGE_STORE_MIN_DELAY_MS, RESUME_MAX_AGE_MS } from '../../src/jobs/crawl-source.js';
import { ingest } from '../../src/jobs/ingest.js';
import type { CrawlResume } from '../../src/storage/crawl-state.js';
import { serveTimedForum, type TimedForum } from '../fixtures/sites/timed-forum.js';
import { testLoader } from '../crawlers/helpers.js';
import { covidFlagger, crawlDeps, tempStore, type TempStore } from './crawl-helpers.js';

// Issue 16: a source taken over from a worker that died mid-run goes on from the last page that was
// stored, not from its first page; polite sources store each page, with that resume point, at once.

const PAGES = 5;
const POSTS = 3;

let t: TempStore;
let forum: TimedForum;
let loader: Loader | undefined;
/** Pages the forum holds back until released (path → release). */
let held = new Map<string, () => void>();
let hold: (path: string) => boolean = () => false;

beforeEach(async () => {
  t = await tempStore();
  held = new Map();
  hold = () => false;
  forum = await serveTimedForum({
    address: '127.0.0.1', forums: 1, pages: PAGES, postsPerPage: POSTS,
    beforeAnswer: (path) => (hold(path) ? new Promise<void>((release) => held.set(path, release)) : Promise.resolve()),
  });
});
afterEach(async () => {
  for (const release of held.values()) release();
  await loader?.close();
  loader = undefined;
  await forum.close();
  await t.cleanup();
});

const source = (): SourceDef =>
  sourceSchema.parse({
    id: 'forum', name: 'Diễn đàn', type: 'html', url: `${forum.origin}/f/1`, schedule: '0 0 1 1 *', max_pages: PAGES, next: 'a.next',
    select: { item: '.post', text: '.body', title: '.title', link: '.title a' },
  });
const fetched = () => forum.log.map((r) => r.path).filter((p) => p !== '/robots.txt');
const page = (n: number) => `/f/1?p=${n}`;

async function until(what: () => Promise<boolean>, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await what())) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** The state a worker killed after storing `pages` pages leaves: its run lock, and its resume point. */
async function deadRun(resume: CrawlResume): Promise<void> {
  const longAgo = new Date(Date.now() - 10 * 60_000).toISOString();
  expect(await t.store.crawlState.claim('forum', longAgo, longAgo)).toBe(true);
  await t.store.write(() => t.store.crawlState.saveResume('forum', resume));
}

describe('resuming a crawl', () => {
  it('a polite crawl stores each page with its resume point before it fetches the next', async () => {
    loader = testLoader([forum.hostPort], { delayMs: PAGE_STORE_MIN_DELAY_MS });
    hold = (path) => path === page(3);
    const run = crawlSource(crawlDeps(t, loader), source());
    // While page 3 is held back, pages 1 and 2 are stored, and the resume point says so.
    await until(async () => held.has(page(3)));
    await until(async () => (await t.store.items.count()) === 2 * POSTS);
    expect((await t.store.crawlState.get('forum'))?.resume).toMatchObject({ next: `${forum.origin}${page(3)}`, pages: 2 });
    held.get(page(3))!();
    expect(await run).toMatchObject({ status: 'ok', pages: PAGES, new: PAGES * POSTS });
    expect((await t.store.crawlState.get('forum'))?.resume).toBeNull();
  });

  it('a run taken over from a dead worker reads only the pages after the last one stored', async () => {
    loader = testLoader([forum.hostPort]);
    await deadRun({ next: `${forum.origin}${page(3)}`, pages: 2, at: new Date().toISOString() });
    const s = await crawlSource(crawlDeps(t, loader, { staleRunMs: 60_000 }), source());
    expect(s).toMatchObject({ status: 'ok', resumedAfter: 2, pages: PAGES - 2, new: (PAGES - 2) * POSTS, duplicates: 0 });
    expect(fetched()).toEqual([page(3), page(4), page(5)]);
    expect((await t.store.crawlState.get('forum'))?.resume).toBeNull();
    // The next run is a whole one again.
    forum.log.length = 0;
    await crawlSource(crawlDeps(t, loader), source());
    expect(fetched()).toEqual(['/f/1', page(2), page(3), page(4), page(5)]);
  });

  it('ignores a resume point that is too old or on another site, and starts from the first page', async () => {
    loader = testLoader([forum.hostPort]);
    const old = new Date(Date.now() - RESUME_MAX_AGE_MS - 60_000).toISOString();
    await deadRun({ next: `${forum.origin}${page(3)}`, pages: 2, at: old });
    const s = await crawlSource(crawlDeps(t, loader, { staleRunMs: 60_000 }), source());
    expect(s.resumedAfter).toBeUndefined();
    expect(fetched()[0]).toBe('/f/1');

    forum.log.length = 0;
    await deadRun({ next: 'http://127.0.0.9:1/f/1?p=3', pages: 2, at: new Date().toISOString() });
    expect((await crawlSource(crawlDeps(t, loader, { staleRunMs: 60_000 }), source())).resumedAfter).toBeUndefined();
    expect(fetched()[0]).toBe('/f/1');
  });

  it('the resume point commits in the same transaction as the items, or not at all', async () => {
    const raw = (n: number) => ({ source: 'forum', url: `https://example.org/${n}`, text: `Bài số ${n} về tiền lương tháng ${n}` });
    const at = new Date().toISOString();
    await t.store.crawlState.ensure(['forum'], at);
    const options = { classifier: covidFlagger, secret: 'a'.repeat(64), defaultSource: 'forum', batchSize: 2 };
    const failing = ingest(t.store, [raw(1), raw(2), raw(3)], {
      ...options,
      withLastBatch: async () => {
        await t.store.crawlState.saveResume('forum', { next: 'https://example.org/?p=2', pages: 1, at });
        throw new Error('disk full');
      },
    });
    await expect(failing).rejects.toThrow('disk full');
    // The first batch of two committed; the last one, with the resume point, did not.
    expect(await t.store.items.count()).toBe(2);
    expect((await t.store.crawlState.get('forum'))?.resume).toBeNull();

    await ingest(t.store, [raw(3)], { ...options, withLastBatch: () => t.store.crawlState.saveResume('forum', { next: 'https://example.org/?p=2', pages: 1, at }) });
    expect(await t.store.items.count()).toBe(3);
    expect((await t.store.crawlState.get('forum'))?.resume).toEqual({ next: 'https://example.org/?p=2', pages: 1, at });
    // With nothing to store, the resume point is still written.
    await ingest(t.store, [], { ...options, withLastBatch: () => t.store.crawlState.saveResume('forum', null) });
    expect((await t.store.crawlState.get('forum'))?.resume).toBeNull();
  });
});
