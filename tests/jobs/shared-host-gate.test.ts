import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { HttpError } from '../../crawlers/fetch/errors.js';
import type { Loader } from '../../crawlers/fetch/loader.js';
import { sharedHostGate } from '../../src/jobs/shared-host-gate.js';
import { Db } from '../../src/storage/db.js';
import { createStore, type Store } from '../../src/storage/store.js';
import { testLoader } from '../crawlers/helpers.js';
import { tempStore, type TempStore } from './crawl-helpers.js';

// Two loaders (two workers) on one database: what one learns from the host — Retry-After, robots.txt
// Crawl-delay — holds for the other too, through the host's next allowed time.
let t: TempStore;
let other: Store;
let server: Server;
let hostPort: string;
let robots = 'User-agent: *\nAllow: /\n';
let throttleNext = false;
const starts: Array<{ path: string; at: number }> = [];
const loaders: Loader[] = [];

beforeEach(async () => {
  t = await tempStore();
  other = createStore(await Db.open(t.path));
  starts.length = 0;
  robots = 'User-agent: *\nAllow: /\n';
  server = createServer((req, res) => {
    starts.push({ path: req.url ?? '', at: Date.now() });
    if (req.url === '/robots.txt') return void res.writeHead(200, { 'content-type': 'text/plain' }).end(robots);
    if (throttleNext) {
      throttleNext = false;
      return void res.writeHead(429, { 'retry-after': '2' }).end();
    }
    res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.7', r));
  hostPort = `127.0.0.7:${(server.address() as AddressInfo).port}`;
});
afterEach(async () => {
  await Promise.all(loaders.splice(0).map((l) => l.close()));
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
  await other.close();
  await t.cleanup();
});

function loader(store: Store, node: string): Loader {
  const l = testLoader([hostPort], { delayMs: 100, retries: 0, hostGate: sharedHostGate({ leases: store.leases, node, leaseMs: 5000 }) });
  loaders.push(l);
  return l;
}

const startOf = (path: string) => starts.find((s) => s.path === path)!.at;

describe('shared host gate', { timeout: 30_000 }, () => {
  it("a Retry-After met by one worker holds the other back until it has passed", async () => {
    const [a, b] = [loader(t.store, 'a'), loader(other, 'b')];
    await a.get(`http://${hostPort}/warm`);
    await b.get(`http://${hostPort}/warm-b`);
    throttleNext = true;
    await expect(a.get(`http://${hostPort}/one`)).rejects.toBeInstanceOf(HttpError);
    const refused = startOf('/one');
    await b.get(`http://${hostPort}/two`);
    expect(startOf('/two') - refused).toBeGreaterThanOrEqual(2000);
    // b keeps its slot a little for a next request of its own; closing b gives it back.
    await loaders.splice(loaders.indexOf(b), 1)[0].close();
    expect(await t.store.leases.hostNextAllowed(hostPort)).toBeGreaterThanOrEqual(startOf('/two'));
  });

  it("one worker's requests to a host in a row keep its slot (one grant in the database), and the other still waits its turn", async () => {
    const grants: string[] = [];
    const leases: Parameters<typeof sharedHostGate>[0]['leases'] = {
      acquireHost: async (host, holder, leaseMs, now) => {
        const g = await t.store.leases.acquireHost(host, holder, leaseMs, now);
        if (g.granted) grants.push(holder);
        return g;
      },
      releaseHost: (host, holder, next) => t.store.leases.releaseHost(host, holder, next),
      renewHost: (host, holder, leaseMs, now) => t.store.leases.renewHost(host, holder, leaseMs, now),
    };
    const a = testLoader([hostPort], { delayMs: 100, retries: 0, hostGate: sharedHostGate({ leases, node: 'a', leaseMs: 5000 }) });
    loaders.push(a);
    for (const page of ['/p1', '/p2', '/p3']) await a.get(`http://${hostPort}${page}`);
    expect(grants).toEqual(['a#1']);
    await loader(other, 'b').get(`http://${hostPort}/b1`);
    const pages = starts.filter((s) => s.path !== '/robots.txt');
    expect(pages.map((p) => p.path)).toEqual(['/p1', '/p2', '/p3', '/b1']);
    for (let i = 1; i < pages.length; i++) expect(pages[i].at - pages[i - 1].at).toBeGreaterThanOrEqual(100);
  });

  it("a slot kept longer than half its lease is renewed while the delay runs, not given up and asked for again", async () => {
    const calls: string[] = [];
    const leases: Parameters<typeof sharedHostGate>[0]['leases'] = {
      acquireHost: async (host, holder, leaseMs, now) => {
        const g = await t.store.leases.acquireHost(host, holder, leaseMs, now);
        if (g.granted) calls.push(`grant ${holder}`);
        return g;
      },
      releaseHost: async (host, holder, next) => {
        calls.push(`release ${holder}`);
        await t.store.leases.releaseHost(host, holder, next);
      },
      renewHost: async (host, holder, leaseMs, now) => {
        calls.push(`renew ${holder}`);
        return t.store.leases.renewHost(host, holder, leaseMs, now);
      },
    };
    // A 1 s lease and a 100 ms delay: eight pages take longer than the lease.
    const a = testLoader([hostPort], { delayMs: 100, retries: 0, hostGate: sharedHostGate({ leases, node: 'a', leaseMs: 1000 }) });
    loaders.push(a);
    for (let i = 1; i <= 8; i++) await a.get(`http://${hostPort}/p${i}`);
    expect(calls.filter((c) => c.startsWith('grant'))).toEqual(['grant a#1']);
    expect(calls.filter((c) => c.startsWith('release'))).toEqual([]);
    expect(calls.filter((c) => c.startsWith('renew')).length).toBeGreaterThan(0);
  });

  it("robots.txt Crawl-delay, as one worker read it, spaces that worker's requests; both keep the shared slot", async () => {
    robots = 'User-agent: *\nCrawl-delay: 1\nAllow: /\n';
    const [a, b] = [loader(t.store, 'a'), loader(other, 'b')];
    await Promise.all([a.get(`http://${hostPort}/a1`), b.get(`http://${hostPort}/b1`), a.get(`http://${hostPort}/a2`), b.get(`http://${hostPort}/b2`)]);
    const pages = starts.filter((s) => s.path !== '/robots.txt').sort((x, y) => x.at - y.at);
    expect(pages).toHaveLength(4);
    // After an 'a' request its Crawl-delay (1 s) applies to everyone; after a 'b' request too.
    for (let i = 1; i < pages.length; i++) expect(pages[i].at - pages[i - 1].at).toBeGreaterThanOrEqual(1000);
  });
});
