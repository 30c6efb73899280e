import { createServer, type AddressInfo } from 'node:net';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BrowserPool } from '../../crawlers/browser/browser-pool.js';
import type { Loader } from '../../crawlers/fetch/loader.js';
import { purgeEvidenceFiles } from '../../src/privacy/evidence-purge.js';
import { drainEvidence } from '../../src/jobs/evidence-worker.js';
import { loadConfig } from '../../src/config.js';
import { ingest } from '../../src/jobs/ingest.js';
import type { Classification, Classifier } from '../../src/types.js';
import { JS_POSTS, jsSite } from '../fixtures/sites/js-site.js';
import { newsSite } from '../fixtures/sites/news-site.js';
import { serveSite, type RunningSite } from '../fixtures/sites/serve-site.js';
import { testLoader } from '../crawlers/helpers.js';
import { clock, covidFlagger, tempStore, type TempStore } from './crawl-helpers.js';

let t: TempStore;
let js: RunningSite;
let news: RunningSite;
let gonePort: string;
let loader: Loader;
let pool: BrowserPool;
const ids: Record<string, number> = {};

beforeAll(async () => {
  t = await tempStore();
  [js, news] = await Promise.all([serveSite(jsSite({ delayMs: 100 })), serveSite(newsSite())]);
  // A port nobody listens on, on a loopback address no other test uses: a port freed on 127.0.0.1
  // was taken by another test's server in a full parallel run, and the "down" page then answered.
  const gone = createServer();
  await new Promise<void>((r) => gone.listen(0, '127.0.0.201', r));
  gonePort = `127.0.0.201:${(gone.address() as AddressInfo).port}`;
  await new Promise((r) => gone.close(r));
  loader = testLoader([js.hostPort, news.hostPort, gonePort]);
  pool = new BrowserPool({ executablePath: process.env.PUPPETEER_EXECUTABLE_PATH || '/usr/bin/chromium', loader, pageTimeoutMs: 30_000 });
  const r = await ingest(
    t.store,
    [
      { text: 'COVID: uống nước chanh nóng chữa khỏi bệnh', url: `${js.origin}/`, source: 'bang-tin' },
      { text: 'COVID tin đồn trong trang quản trị', url: `${news.origin}/private/admin`, source: 'bao' },
      { text: 'COVID bài trên máy chủ đã tắt', url: `http://${gonePort}/bai-viet/1`, source: 'bao' },
      { text: 'Công nhân được tăng lương', url: `${news.origin}/bai-viet/2`, source: 'bao' },
      { text: 'COVID tin dán tay không có đường dẫn', source: 'tip' },
    ],
    { classifier: covidFlagger, secret: 'b'.repeat(64) },
  );
  [ids.page, ids.robots, ids.down, ids.unflagged, ids.nourl] = r.ids;
});
afterAll(async () => {
  await pool.close();
  await loader.close();
  await Promise.all([js.close(), news.close()]);
  await t.cleanup();
});

describe('evidence capture', () => {
  it('queues only flagged items that have a URL', async () => {
    expect(await t.store.evidence.enqueueFlagged(Object.values(ids), '2024-03-04T10:00:00.000Z', ['covid_false'])).toBe(3);
    expect(await t.store.evidence.forItem(ids.unflagged)).toBeUndefined();
    expect(await t.store.evidence.forItem(ids.nourl)).toBeUndefined();
  });

  it('captures HTML and PNG with SHA-256, gives up on robots refusals, retries a server that is down', async () => {
    const c = clock('2024-03-04T10:00:00.000Z');
    const counts = await drainEvidence({ store: t.store, browser: () => pool, dataDir: t.dir, labels: ['covid_false'], now: c.now });
    const ev = (await t.store.evidence.forItem(ids.page))!;
    const downError = (await t.store.evidence.forItem(ids.down))?.error;
    expect(counts, `page capture: ${ev.error}; down server: ${downError}`).toEqual({ done: 1, failed: 1, retry: 1, lost: 0 });

    expect(ev).toMatchObject({ status: 'done', finalUrl: `${js.origin}/`, attempts: 1, error: null });
    expect(ev.htmlPath).toMatch(new RegExp(`^evidence/${ids.page}/.+\\.html$`));
    const html = readFileSync(join(t.dir, ev.htmlPath!));
    const png = readFileSync(join(t.dir, ev.pngPath!));
    expect(html.toString()).toContain(JS_POSTS[0].content);
    expect(png.subarray(0, 4).toString('hex')).toBe('89504e47');
    expect(ev.htmlSha256).toBe(createHash('sha256').update(html).digest('hex'));
    expect(ev.pngSha256).toBe(createHash('sha256').update(png).digest('hex'));
    expect(Date.parse(ev.capturedAt!)).not.toBeNaN();

    expect(await t.store.evidence.forItem(ids.robots)).toMatchObject({ status: 'failed', error: expect.stringMatching(/robots/) });
    expect(news.paths()).not.toContain('/private/admin');
    const down = (await t.store.evidence.forItem(ids.down))!;
    expect(down).toMatchObject({ status: 'queued', attempts: 1 });

    // Not due again until the retry delay has passed.
    expect(await drainEvidence({ store: t.store, browser: () => pool, dataDir: t.dir, labels: ['covid_false'], now: c.now })).toEqual({ done: 0, failed: 0, retry: 0, lost: 0 });
    c.advance(16 * 60_000);
    expect(await drainEvidence({ store: t.store, browser: () => pool, dataDir: t.dir, labels: ['covid_false'], now: c.now, maxAttempts: 2 })).toEqual({ done: 0, failed: 1, retry: 0, lost: 0 });
    expect(await t.store.evidence.counts()).toEqual({ queued: 0, capturing: 0, done: 1, failed: 2 });
  }, 90_000);

  it('removes an item\'s evidence files for the retention purge', async () => {
    const ev = (await t.store.evidence.forItem(ids.page))!;
    expect(existsSync(join(t.dir, ev.pngPath!))).toBe(true);
    expect(await purgeEvidenceFiles(t.store, t.dir, [ids.page, ids.robots])).toBe(2);
    expect(existsSync(join(t.dir, ev.pngPath!))).toBe(false);
    expect(existsSync(join(t.dir, 'evidence', String(ids.page)))).toBe(false);
    expect(existsSync(join(t.dir, 'evidence'))).toBe(true);
  });
});

/** Flags by keyword, one label per keyword: enough to tell the evidence labels apart. */
const labelFlagger: Classifier = {
  version: 'test-labels-1',
  classify({ text }): Classification {
    const labels = (['covid_false', 'grievance', 'union_org'] as const).filter((l) => text.includes(l));
    return { labels, scores: Object.fromEntries(labels.map((l) => [l, 0.9])), reasons: [], version: 'test-labels-1' };
  },
};

describe('evidence labels (KC_EVIDENCE_LABELS)', () => {
  let s: TempStore;
  const item: Record<string, number> = {};
  const at = '2024-03-04T10:00:00.000Z';
  beforeAll(async () => {
    s = await tempStore();
    const r = await ingest(
      s.store,
      [
        { text: 'covid_false: tin đồn về thuốc', url: 'https://example.org/a', source: 'bao' },
        { text: 'grievance: công ty nợ lương', url: 'https://example.org/b', source: 'bao' },
        { text: 'union_org: kêu gọi lập tổ chức', url: 'https://example.org/c', source: 'bao' },
        { text: 'grievance và covid_false cùng lúc', url: 'https://example.org/d', source: 'bao' },
      ],
      { classifier: labelFlagger, secret: 'c'.repeat(64) },
    );
    [item.covid, item.grievance, item.union, item.both] = r.ids;
  });
  afterAll(() => s.cleanup());
  const queued = async () => {
    const out: string[] = [];
    for (const [k, id] of Object.entries(item)) if (await s.store.evidence.forItem(id)) out.push(k);
    return out.sort();
  };

  it('defaults to covid_false only: grievance and union_org items get no screenshot', async () => {
    expect(loadConfig({}).evidenceLabels).toEqual(['covid_false']);
    expect(await s.store.evidence.enqueueFlagged(Object.values(item), at, loadConfig({}).evidenceLabels)).toBe(2);
    expect(await queued()).toEqual(['both', 'covid']);
  });

  it('follows a custom list, and "" captures nothing', async () => {
    const custom = loadConfig({ KC_EVIDENCE_LABELS: ' union_org , grievance' }).evidenceLabels;
    expect(custom).toEqual(['union_org', 'grievance']);
    expect(await s.store.evidence.enqueueFlagged(Object.values(item), at, custom)).toBe(2);
    expect(await queued()).toEqual(['both', 'covid', 'grievance', 'union']);
    const none = loadConfig({ KC_EVIDENCE_LABELS: '' }).evidenceLabels;
    expect(none).toEqual([]);
    const fresh = await ingest(s.store, [{ text: 'covid_false lần nữa, bài khác', url: 'https://example.org/e', source: 'bao' }], { classifier: labelFlagger, secret: 'c'.repeat(64) });
    expect(await s.store.evidence.enqueueFlagged(fresh.ids, at, none)).toBe(0);
    expect(await s.store.evidence.forItem(fresh.ids[0])).toBeUndefined();
  });

  it('drops queued captures of items that no longer qualify (labels changed, item unflagged) before the browser is used', async () => {
    expect(await queued()).toEqual(['both', 'covid', 'grievance', 'union']);
    expect(await s.store.evidence.dropUnwanted(['covid_false'])).toBe(2);
    expect(await queued()).toEqual(['both', 'covid']);
    // A reclassification took the flag away.
    await s.store.db.run('UPDATE items SET flagged = 0 WHERE id = ?', [item.covid]);
    expect(await s.store.evidence.dropUnwanted(['covid_false'])).toBe(1);
    expect(await queued()).toEqual(['both']);
    // KC_EVIDENCE_LABELS="" now: the worker drops the rest and never starts Chromium.
    const logs: string[] = [];
    const browser = () => {
      throw new Error('the browser must not be needed');
    };
    expect(await drainEvidence({ store: s.store, browser, dataDir: s.dir, labels: [], log: (m) => logs.push(m) })).toEqual({ done: 0, retry: 0, failed: 0, lost: 0 });
    expect(await queued()).toEqual([]);
    expect(logs.join('\n')).toMatch(/dropped 1 queued capture/);
  });
});
