import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addUser } from '../../src/review/user-service.js';
import { PgDb } from '../../src/storage/pg/pg-db.js';
import { openStore, type Store } from '../../src/storage/store.js';
import { serveTimedForum, smallestGap, type TimedForum } from '../fixtures/sites/timed-forum.js';
import { ROOT, startServerProcess, tempDir, type ServerProcess } from '../helpers/foundation.js';
import { startPgCluster, type PgCluster } from '../helpers/pg-cluster.js';

// Issue 16, "Done when": one PostgreSQL, one web process and two crawl workers as separate
// processes crawl a loopback site of 2 hosts, 6 sources and 40 pages. Politeness holds across the
// workers, every page is fetched and stored once, one digest per slot, and a diacritic-free search
// through the web process finds the items. Then a worker killed with SIGKILL mid-crawl loses its
// leases to the other, every page is still stored exactly once, and the sources it held go on from
// their last stored page (only a page in flight is fetched twice).
const DELAY = 300;
const LEASE = 3000;
const PAGES = [7, 7, 6];
const TOTAL = 2 * PAGES.reduce((a, b) => a + b, 0);

let cluster: PgCluster;
let n = 0;

beforeAll(() => {
  cluster = startPgCluster();
}, 120_000);
afterAll(() => cluster?.stop());

async function freshDatabase(): Promise<string> {
  const admin = await PgDb.connect(cluster.url, { max: 1 });
  const name = `kc_accept_${process.pid}_${++n}`;
  await admin.exec(`CREATE DATABASE ${name}`);
  await admin.close();
  return cluster.url.replace('@/postgres?', `@/${name}?`);
}

interface Installation {
  env: Record<string, string>;
  hosts: TimedForum[];
  store: Store;
  close(): Promise<void>;
}

async function installation(addresses: [string, string], extra: Record<string, string> = {}): Promise<Installation> {
  const dir = tempDir('kc-accept-');
  const sourcesDir = join(dir, 'sources');
  mkdirSync(sourcesDir);
  const hosts = await Promise.all(addresses.map((address) => serveTimedForum({ address, forums: PAGES.length, pages: PAGES, postsPerPage: 1, slowMs: 30 })));
  hosts.forEach((h, i) =>
    h.forums.forEach((path, j) =>
      writeFileSync(
        join(sourcesDir, `h${i}-f${j + 1}.yaml`),
        `id: h${i}-f${j + 1}\nname: Diễn đàn ${i}.${j + 1}\ntype: html\nurl: ${h.origin}${path}\nschedule: "0 0 1 1 *"\nmax_pages: ${PAGES[j]}\nnext: a.next\nselect:\n  item: .post\n  text: .body\n  title: .title\n  link: .title a\n`,
      ),
    ),
  );
  const databaseUrl = await freshDatabase();
  const env: Record<string, string> = {
    KC_DATABASE_URL: databaseUrl, KC_DATA_DIR: join(dir, 'data'), KC_SOURCES_DIR: sourcesDir, PORT: '0',
    KC_CRAWL_ALLOW_HOSTS: hosts.map((h) => h.hostPort).join(','), KC_CRAWL_DELAY_MS: String(DELAY), KC_CRAWL_LEASE_MS: String(LEASE),
    KC_CRAWL_POLL_MS: '250', KC_CRAWL_JITTER_MS: '0', KC_CRAWL_TIMEOUT_MS: '10000', KC_EVIDENCE_LABELS: '',
    // Room for all six sources on either worker, so one can take over all the other's at once.
    KC_CRAWL_CONCURRENCY: '6', ...extra,
  };
  mkdirSync(env.KC_DATA_DIR, { recursive: true, mode: 0o700 });
  const store = await openStore(join(env.KC_DATA_DIR, 'unused.db'), databaseUrl);
  return {
    env, hosts, store,
    async close() {
      await store.close();
      await Promise.all(hosts.map((h) => h.close()));
    },
  };
}

/** A crawl worker process; `kill9` ends it without any chance to release its leases. */
function crawlWorker(env: Record<string, string>): { child: ChildProcess; ready: Promise<void>; stop(): Promise<void>; kill9(): void; stderr(): string } {
  const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'src/cli.ts'), 'serve', '--role', 'crawl'], { cwd: ROOT, env: { ...process.env, ...env } });
  let stderr = '';
  child.stderr!.on('data', (d) => (stderr += d));
  const ready = new Promise<void>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (d) => {
      out += d;
      if (/crawl node is running/.test(out)) resolve();
    });
    child.on('exit', (code) => reject(new Error(`crawl worker exited early (${code}): ${stderr}`)));
  });
  // Awaited by the test; a worker that fails while the test waits on something else is not unhandled.
  ready.catch(() => undefined);
  const exited = new Promise<void>((done) => child.on('exit', () => done()));
  return {
    child, ready, stderr: () => stderr,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
    kill9: () => void child.kill('SIGKILL'),
  };
}

async function until(what: () => Promise<boolean>, ms: number, message = 'timed out'): Promise<void> {
  const end = Date.now() + ms;
  while (!(await what())) {
    if (Date.now() > end) throw new Error(message);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const pagesOf = (hosts: TimedForum[]) => hosts.flatMap((h) => h.log).filter((r) => r.path !== '/robots.txt').map((r) => `${r.host}${r.path}`);
const allDone = async (store: Store) => {
  const leases = await store.leases.list('crawl');
  return leases.length === 6 && leases.every((l) => l.leaseOwner === null && Date.parse(l.dueAt) > Date.now() + 86_400_000);
};

function expectPolite(hosts: TimedForum[]) {
  for (const h of hosts) {
    expect(h.maxInFlight()).toBe(1);
    expect(smallestGap(h.log)).toBeGreaterThanOrEqual(DELAY);
  }
}

describe('federation scale on PostgreSQL: web and crawl workers as separate processes', { timeout: 240_000 }, () => {
  it('crawls 40 pages on 2 hosts once each, politely across workers; one digest per slot; search through the web process', async () => {
    const inst = await installation(['127.0.0.2', '127.0.0.3']);
    const workers = [crawlWorker(inst.env), crawlWorker(inst.env)];
    let web: ServerProcess | undefined;
    try {
      web = await startServerProcess(['src/cli.ts', 'serve', '--role', 'web'], inst.env, /serving (http:\/\/\S+)/);
      await Promise.all(workers.map((w) => w.ready));
      await until(() => allDone(inst.store), 120_000, 'crawl did not finish');
      const fetched = pagesOf(inst.hosts);
      expect(fetched).toHaveLength(TOTAL);
      expect(new Set(fetched).size).toBe(TOTAL);
      expectPolite(inst.hosts);
      expect(await inst.store.items.count()).toBe(TOTAL);
      // Every crawled item once: the runs report 40 new, no duplicates.
      const runs = await inst.store.crawlRuns.recent({ limit: 100 });
      expect(runs.filter((r) => r.status === 'ok')).toHaveLength(6);
      expect(runs.reduce((a, r) => a + r.newCount, 0)).toBe(TOTAL);
      expect(runs.reduce((a, r) => a + r.duplicates, 0)).toBe(0);
      // A diacritic-free search through the web process finds the crawled posts.
      await addUser(inst.store, { id: null, username: 'cli' } as never, { username: 'lan', role: 'admin', unit: null, password: 'mat-khau-dai-du-16' }, { now: new Date() });
      const base = web.url;
      const pre = await fetch(new URL('login', base));
      const csrf = /name="_csrf" value="([^"]+)"/.exec(await pre.text())![1];
      let cookie = pre.headers.getSetCookie().map((l) => l.split(';')[0]).join('; ');
      const login = await fetch(new URL('login', base), {
        method: 'POST', redirect: 'manual',
        headers: { origin: new URL(base).origin, cookie, 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ _csrf: csrf, username: 'lan', password: 'mat-khau-dai-du-16' }),
      });
      expect(login.status).toBe(303);
      cookie = login.headers.getSetCookie().map((l) => l.split(';')[0]).join('; ');
      // "luong thuong" without its marks: every post has words of that kind; the page lists them.
      const found = await fetch(new URL(`queue?q=${encodeURIComponent('bai luong')}`, base), { headers: { cookie } });
      expect(found.status, web.stderr()).toBe(200);
      const html = await found.text();
      expect(html).toMatch(/Bài 127\.0\.0\.[23]-\d-\d-1/);
      await Promise.all(workers.map((w) => w.stop()));

      // Two more nodes that fire the weekly digest every second: the week's slot is taken once, so
      // one digest however often and wherever it fires. (Apart from the crawl: a digest renders a
      // PDF in Chromium, which would slow the crawl workers' heartbeats on two shared cores.)
      const digesters = [crawlWorker({ ...inst.env, KC_DIGEST_CRON: '* * * * * *' }), crawlWorker({ ...inst.env, KC_DIGEST_CRON: '* * * * * *' })];
      workers.push(...digesters);
      await Promise.all(digesters.map((w) => w.ready));
      await until(async () => (await inst.store.digests.list()).length > 0, 90_000, 'no digest');
      await new Promise((r) => setTimeout(r, 3000));
      expect(await inst.store.digests.list()).toHaveLength(1);
    } finally {
      await Promise.all(workers.map((w) => w.stop()));
      await web?.stop();
      await inst.close();
    }
  });

  it('a worker killed with SIGKILL mid-crawl loses its leases to the other within seconds; every page stored once, only pages in flight fetched again', async () => {
    const inst = await installation(['127.0.0.5', '127.0.0.6']);
    const workers = [crawlWorker(inst.env), crawlWorker(inst.env)];
    try {
      await Promise.all(workers.map((w) => w.ready));
      // Kill a worker once it holds a source and pages are coming in (whichever of the two got one:
      // under load either may have claimed them all).
      let victim = '';
      let victimIndex = -1;
      await until(async () => {
        // Far enough in that each source has pages stored (a crawl started over would fetch them again).
        if (pagesOf(inst.hosts).length < 16) return false;
        const leases = await inst.store.leases.list('crawl');
        for (const [i, w] of workers.entries()) {
          const held = leases.find((l) => l.leaseOwner?.includes(`:${w.child.pid}:`));
          if (held) {
            victim = held.leaseOwner!;
            victimIndex = i;
            return true;
          }
        }
        return false;
      }, 60_000, 'no worker held a source while pages came in');
      workers[victimIndex].kill9();
      const killedAt = Date.now();
      // Read before the leases can lapse (a second or more after its last heartbeat).
      const victimSources = (await inst.store.leases.list('crawl')).filter((l) => l.leaseOwner === victim).length;
      await until(async () => (await inst.store.leases.list('crawl')).every((l) => l.leaseOwner !== victim), 10_000, 'leases of the killed worker not taken over');
      expect(Date.now() - killedAt).toBeLessThan(5000 + 1000);
      await until(() => allDone(inst.store), 120_000, 'crawl did not finish after the kill');
      expect(await inst.store.items.count()).toBe(TOTAL);
      const fetched = pagesOf(inst.hosts);
      expect(new Set(fetched).size).toBe(TOTAL);
      // The taken-over sources went on from their last stored page: only a page in flight when the
      // worker died (at most one per source it held) was fetched again.
      const again = fetched.filter((p, i) => fetched.indexOf(p) !== i);
      expect(new Set(again).size).toBe(again.length);
      expect(again.length).toBeLessThanOrEqual(victimSources);
      expectPolite(inst.hosts);
    } finally {
      await Promise.all(workers.map((w) => w.stop()));
      await inst.close();
    }
  });
});
