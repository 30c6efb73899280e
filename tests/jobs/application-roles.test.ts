import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig, type Config } from '../../src/config.js';
import { startApplication, type RunningApplication } from '../../src/jobs/application.js';
import { ingest } from '../../src/jobs/ingest.js';
import { openStore } from '../../src/storage/store.js';
import { serveTimedForum, type TimedForum } from '../fixtures/sites/timed-forum.js';
import { tempDir } from '../helpers/foundation.js';
import { covidFlagger } from './crawl-helpers.js';

// serve --role: each role starts only its parts. Observed from outside: the web port, the fixture
// site's request log (crawling), the evidence queue (capturing), on a database each test seeds.
let site: TimedForum;

beforeAll(async () => {
  site = await serveTimedForum({ address: '127.0.0.4', forums: 1, pages: 2, postsPerPage: 2 });
});
afterAll(() => site.close());

async function setup(): Promise<{ config: Config; itemId: number }> {
  const dir = tempDir('kc-roles-');
  const sourcesDir = join(dir, 'sources');
  mkdirSync(sourcesDir);
  writeFileSync(
    join(sourcesDir, 'dien-dan.yaml'),
    `id: dien-dan\nname: Diễn đàn\ntype: html\nurl: ${site.origin}/f/1\nschedule: "0 0 1 1 *"\nmax_pages: 2\nnext: a.next\nselect:\n  item: .post\n  text: .body\n  title: .title\n  link: .title a\n`,
  );
  const config = loadConfig({
    KC_DATA_DIR: join(dir, 'data'), PORT: '0', KC_SOURCES_DIR: sourcesDir, KC_CRAWL_ALLOW_HOSTS: site.hostPort,
    KC_CRAWL_DELAY_MS: '50', KC_CRAWL_POLL_MS: '200', KC_CRAWL_JITTER_MS: '0', KC_EVIDENCE_LABELS: 'covid_false',
  });
  mkdirSync(config.dataDir, { recursive: true });
  // One flagged item waiting for its evidence capture (of the forum page on the loopback site).
  const store = await openStore(config.dbPath);
  const r = await ingest(store, [{ text: 'Tin đồn: vắc xin covid gây vô sinh, đừng tiêm.', url: `${site.origin}/f/1`, source: 'tip' }], { classifier: covidFlagger, secret: 'a'.repeat(64) });
  expect(await store.evidence.enqueueFlagged(r.ids, new Date().toISOString(), ['covid_false'])).toBe(1);
  await store.close();
  return { config, itemId: r.ids[0] };
}

const forumRequests = () => site.log.filter((r) => r.path.startsWith('/f/')).length;

async function until(what: () => Promise<boolean>, ms: number): Promise<void> {
  const end = Date.now() + ms;
  while (!(await what())) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function start(config: Config, role: 'web' | 'crawl' | 'evidence'): Promise<RunningApplication> {
  return startApplication({ config, role, listen: { host: '127.0.0.1', port: 0 }, log: (m) => process.env.KC_TEST_LOG && console.log(m) });
}

describe('serve --role', { timeout: 120_000 }, () => {
  it('web: serves HTTP, crawls nothing, captures nothing', async () => {
    const { config, itemId } = await setup();
    const before = forumRequests();
    const app = await start(config, 'web');
    try {
      expect(app.role).toBe('web');
      expect((await fetch(`${app.url}login`)).status).toBe(200);
      await new Promise((r) => setTimeout(r, 1500));
      expect(forumRequests()).toBe(before);
      expect(await app.store.leases.list('crawl')).toEqual([]);
      expect((await app.store.evidence.forItem(itemId))?.status).toBe('queued');
    } finally {
      await app.stop();
    }
  });

  it('crawl: leases and crawls the sources, serves no HTTP, leaves evidence to the evidence nodes', async () => {
    const { config, itemId } = await setup();
    const before = forumRequests();
    const app = await start(config, 'crawl');
    try {
      expect(app.url).toBe('');
      // Released after the run with the next yearly due time (1 January, in KC_TZ).
      await until(async () => {
        const lease = await app.store.leases.get('crawl', 'dien-dan');
        return lease?.leaseOwner === null && Date.parse(lease.dueAt) > Date.now() + 86_400_000;
      }, 30_000);
      expect((await app.store.leases.get('crawl', 'dien-dan'))?.dueAt).toBe((await app.store.crawlState.get('dien-dan'))?.nextDueAt);
      expect(forumRequests() - before).toBe(2);
      expect(await app.store.items.count()).toBe(5);
      expect((await app.store.evidence.forItem(itemId))?.status).toBe('queued');
    } finally {
      await app.stop();
    }
  });

  it('evidence: captures the queued page, crawls nothing, serves no HTTP', async () => {
    const { config, itemId } = await setup();
    const app = await start(config, 'evidence');
    try {
      expect(app.url).toBe('');
      await until(async () => (await app.store.evidence.forItem(itemId))?.status !== 'queued' && (await app.store.evidence.forItem(itemId))?.status !== 'capturing', 90_000);
      expect((await app.store.evidence.forItem(itemId))?.status).toBe('done');
      expect(await app.store.leases.list('crawl')).toEqual([]);
      expect(await app.store.items.count()).toBe(1);
    } finally {
      await app.stop();
    }
  });
});
