import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BrowserPool } from '../../crawlers/browser/browser-pool.js';
import { capturePage } from '../../crawlers/browser/capture.js';
import type { Loader } from '../../crawlers/fetch/loader.js';
import { captureNext, type EvidenceDeps } from '../../src/jobs/evidence-worker.js';
import { ingest } from '../../src/jobs/ingest.js';
import { newsSite } from '../fixtures/sites/news-site.js';
import { serveSite, type RunningSite } from '../fixtures/sites/serve-site.js';
import { testLoader } from '../crawlers/helpers.js';
import { covidFlagger, tempStore, type TempStore } from './crawl-helpers.js';

// Issue 16, §5: evidence captures are leased like crawls. A capture whose worker died is taken over
// as soon as its lease lapses (it was 15 minutes after it started); a live capture keeps its lease
// with a heartbeat however long the page takes; a worker that lost its lease cannot record a result.

let t: TempStore;
let news: RunningSite;
let loader: Loader;
let pool: BrowserPool;
let itemId: number;

beforeAll(async () => {
  t = await tempStore();
  news = await serveSite(newsSite());
  loader = testLoader([news.hostPort]);
  pool = new BrowserPool({ executablePath: process.env.PUPPETEER_EXECUTABLE_PATH || '/usr/bin/chromium', loader, pageTimeoutMs: 30_000 });
  [itemId] = (await ingest(t.store, [{ text: 'COVID: tin đồn cần lưu bằng chứng', url: `${news.origin}/bai-viet/1`, source: 'bao' }], { classifier: covidFlagger, secret: 'b'.repeat(64) })).ids;
  expect(await t.store.evidence.enqueueFlagged([itemId], new Date().toISOString(), ['covid_false'])).toBe(1);
});
afterAll(async () => {
  await pool.close();
  await loader.close();
  await news.close();
  await t.cleanup();
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('evidence capture leases', () => {
  it('takes over the capture of a dead worker once its lease lapses, keeps a slow live one with a heartbeat', async () => {
    const deps = (owner: string, extra: Partial<EvidenceDeps> = {}): EvidenceDeps => ({ store: t.store, browser: () => pool, dataDir: t.dir, labels: ['covid_false'], owner, leaseMs: 300, ...extra });
    // A worker takes the capture and dies (no heartbeat, no result).
    const now = Date.now();
    expect(await t.store.evidence.claimNext({ owner: 'dead', now: new Date(now).toISOString(), until: new Date(now + 300).toISOString() })).toMatchObject({ itemId, attempts: 1 });
    expect(await captureNext(deps('b'))).toBe('empty');
    await sleep(350);

    // Worker b takes it over; its page load is held for three lease lengths, and the heartbeat keeps it.
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    let started!: () => void;
    const loading = new Promise<void>((r) => (started = r));
    const b = captureNext(deps('b', { capture: async (p, url, o) => (started(), await held, capturePage(p, url, o)) }));
    await loading;
    await sleep(900);
    expect(await captureNext(deps('c'))).toBe('empty');
    // The dead worker's late result is refused: the capture is b's now.
    expect(await t.store.evidence.fail(itemId, 'late', null, 'dead')).toBe(false);
    release();
    expect(await b).toBe('done');
    expect(await t.store.evidence.forItem(itemId)).toMatchObject({ status: 'done', attempts: 2, finalUrl: `${news.origin}/bai-viet/1` });
  });

  it('a worker that lost its lease mid-capture records nothing and leaves no files behind', async () => {
    const files = () => (existsSync(join(t.dir, 'evidence')) ? readdirSync(join(t.dir, 'evidence'), { recursive: true }).filter((f) => /\.(html|png)$/.test(String(f))).length : 0);
    const before = files();
    const now = new Date().toISOString();
    await t.store.evidence.fail(itemId, 'again', now); // queued once more
    const late = captureNext({
      store: t.store, browser: () => pool, dataDir: t.dir, labels: ['covid_false'], owner: 'slow', leaseMs: 60_000,
      // While the page loads, the job is requeued and taken by another worker.
      capture: async (p, url, o) => {
        await t.store.evidence.fail(itemId, 'requeued', now);
        expect(await t.store.evidence.claimNext({ owner: 'other', now, until: new Date(Date.now() + 60_000).toISOString() })).toMatchObject({ itemId });
        return capturePage(p, url, o);
      },
    });
    expect(await late).toBe('lost');
    expect(files()).toBe(before);
    expect(await t.store.evidence.forItem(itemId)).toMatchObject({ status: 'capturing' });
  });
});
