import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Loader } from '../../crawlers/fetch/loader.js';
import { sourceSchema, type SourceDef } from '../../crawlers/source-schema.js';
import { CrawlWorker } from '../../src/jobs/crawl-worker.js';
import { sharedHostGate } from '../../src/jobs/shared-host-gate.js';
import { Db } from '../../src/storage/db.js';
import { createStore, type Store } from '../../src/storage/store.js';
import { serveTimedForum, smallestGap, type TimedForum } from '../fixtures/sites/timed-forum.js';
import { testLoader } from '../crawlers/helpers.js';
import { crawlDeps, tempStore, type TempStore } from './crawl-helpers.js';

// Crawl workers sharing one SQLite file (two connections, as two processes would have): the leases
// give each source to one worker at a time, and the host slots keep politeness across both.
const DELAY = 300;
const PAGES = 4;
const POSTS = 2;

let t: TempStore;
let other: Store;
let hosts: TimedForum[];
let sources: SourceDef[];
const loaders: Loader[] = [];

beforeEach(async () => {
  t = await tempStore();
  other = createStore(await Db.open(t.path));
  hosts = await Promise.all(['127.0.0.2', '127.0.0.3'].map((address) => serveTimedForum({ address, forums: 3, pages: PAGES, postsPerPage: POSTS, slowMs: 20 })));
  sources = hosts.flatMap((h, i) =>
    h.forums.map((path, j) =>
      sourceSchema.parse({
        id: `h${i}-f${j + 1}`, name: `Forum ${i}.${j + 1}`, type: 'html', url: `${h.origin}${path}`,
        // Once a year: a crawled source is not due again while the test runs.
        schedule: '0 0 1 1 *', select: { item: '.post', text: '.body', title: '.title', link: '.title a' }, next: 'a.next', max_pages: PAGES,
      }),
    ),
  );
});
afterEach(async () => {
  await Promise.all(loaders.splice(0).map((l) => l.close()));
  await Promise.all(hosts.map((h) => h.close()));
  await other.close();
  await t.cleanup();
});

function worker(store: Store, owner: string, opts: { leaseMs?: number } = {}) {
  const loader = testLoader(hosts.map((h) => h.hostPort), {
    delayMs: DELAY,
    hostGate: sharedHostGate({ leases: store.leases, node: owner, leaseMs: 4000 }),
  });
  loaders.push(loader);
  const ran: string[] = [];
  const w = new CrawlWorker({
    deps: crawlDeps(t, loader, { store, timezone: 'UTC' }),
    sources: () => sources,
    owner,
    leaseMs: opts.leaseMs ?? 3000,
    pollMs: 100,
    concurrency: 2,
    onRun: (s) => ran.push(s.sourceId),
  });
  return { w, ran };
}

async function until(what: () => Promise<boolean>, ms: number): Promise<void> {
  const end = Date.now() + ms;
  while (!(await what())) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 50));
  }
}

const itemCount = async () => (await t.store.db.get<{ n: number }>('SELECT count(*) AS n FROM items'))!.n;
const pagesFetched = () => hosts.flatMap((h) => h.log).filter((r) => r.path !== '/robots.txt').map((r) => `${r.host}${r.path}`);

function expectPolite() {
  for (const h of hosts) {
    expect(h.maxInFlight()).toBe(1);
    expect(smallestGap(h.log)).toBeGreaterThanOrEqual(DELAY);
  }
}

describe('crawl workers on one database', { timeout: 60_000 }, () => {
  it('two workers: every page fetched once, one request per host at a time, gaps never under the delay', async () => {
    const a = worker(t.store, 'worker-a');
    const b = worker(other, 'worker-b');
    a.w.start();
    b.w.start();
    await until(async () => a.ran.length + b.ran.length === sources.length, 45_000);
    await Promise.all([a.w.stop(), b.w.stop()]);

    const fetched = pagesFetched();
    expect(fetched).toHaveLength(sources.length * PAGES);
    expect(new Set(fetched).size).toBe(fetched.length);
    expectPolite();
    // Both took part, and each source ran once.
    expect(a.ran.length).toBeGreaterThan(0);
    expect(b.ran.length).toBeGreaterThan(0);
    expect([...a.ran, ...b.ran].sort()).toEqual(sources.map((s) => s.id).sort());
    expect(await itemCount()).toBe(sources.length * PAGES * POSTS);
    expect((await t.store.db.get<{ n: number }>('SELECT count(DISTINCT text) AS n FROM items'))!.n).toBe(sources.length * PAGES * POSTS);
    // Released with the next due time from the schedule (next 1 January), nobody holding them.
    const leases = await t.store.leases.list('crawl');
    expect(leases).toHaveLength(sources.length);
    for (const l of leases) {
      expect(l).toMatchObject({ leaseOwner: null, attempts: 0 });
      expect(l.dueAt).toBe((await t.store.crawlState.get(l.key))!.nextDueAt);
      expect(l.dueAt.slice(5, 10)).toBe('01-01');
    }
  });

  it('a worker that died holding leases (and the run lock) loses them; another takes over once they lapse', async () => {
    // A worker got as far as claiming every source and starting one run, then died (no more heartbeats).
    await t.store.leases.ensure('crawl', sources.map((s) => ({ key: s.id, dueAt: new Date(0).toISOString() })));
    await t.store.db.run("UPDATE job_leases SET due_at = ?, lease_owner = 'worker-dead', lease_expires_at = ?, attempts = 1", [new Date(0).toISOString(), new Date(Date.now() + 1500).toISOString()]);
    await t.store.crawlState.claim(sources[0].id, new Date().toISOString(), new Date(0).toISOString());
    const claimedAt = Date.now();

    const live = worker(t.store, 'worker-live', { leaseMs: 1500 });
    live.w.start();
    await until(async () => live.ran.length === sources.length, 45_000);
    await live.w.stop();
    // Nothing before the lease lapsed; then every source, the abandoned run included.
    expect(live.ran.sort()).toEqual(sources.map((s) => s.id).sort());
    const runs = await t.store.crawlRuns.recent({ sourceId: sources[0].id });
    expect(runs[0].status).toBe('ok');
    expect(Date.parse(runs[0].startedAt)).toBeGreaterThanOrEqual(claimedAt + 1400);
    expect(pagesFetched()).toHaveLength(sources.length * PAGES);
    expect((await t.store.leases.list('crawl')).every((l) => l.leaseOwner === null && l.attempts === 0)).toBe(true);
    expectPolite();
  });

  it('claims the next source while a run that has read its last page is still storing it', async () => {
    // No delay: both runs are busy, and one busy run is all the worker may have. Storing a batch takes
    // half a second here (a large ingest on a busy database).
    const loader = testLoader(hosts.map((h) => h.hostPort));
    loaders.push(loader);
    const store: Store = { ...t.store, write: (fn, o) => (o?.bulk ? new Promise((r) => setTimeout(r, 500)).then(() => t.store.write(fn, o)) : t.store.write(fn, o)) };
    const pair = [sources[0], sources[3]];
    const ended = new Map<string, number>();
    const w = new CrawlWorker({
      deps: crawlDeps(t, loader, { store, timezone: 'UTC' }),
      sources: () => pair,
      owner: 'worker-one',
      leaseMs: 3000,
      pollMs: 100,
      concurrency: 2,
      activeRuns: 1,
      onRun: (s) => ended.set(s.sourceId, Date.now()),
    });
    w.start();
    await until(async () => ended.size === 2, 20_000);
    await w.stop();
    const [firstDone] = [...ended.entries()].sort((a, b) => a[1] - b[1]);
    const other = pair.find((s) => s.id !== firstDone[0])!;
    const otherHost = hosts.find((h) => other.url.startsWith(h.origin))!;
    // The second source's first page was asked for before the first run ended (it used to wait for it).
    expect(Math.min(...otherHost.log.filter((r) => r.path !== '/robots.txt').map((r) => r.start))).toBeLessThan(firstDone[1]);
    expect(await itemCount()).toBe(2 * PAGES * POSTS);
  });
});
