import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingest } from '../../../src/jobs/ingest.js';
import { createStore } from '../../../src/storage/store.js';
import type { Reason } from '../../../src/types.js';
import { nullClassifier, SECRET } from '../../helpers/foundation.js';
import { adapters } from './adapters.js';

// Classifications, sources, crawl scheduling state, the run log and the HTTP cache on both adapters.
const rule = (ruleId: string, label: string, shadow = false): Reason => ({ kind: 'rule', label, ruleId, weight: 1, spans: [], ...(shadow ? { shadow } : {}) });

describe.each(adapters())('classifications and crawl storage on $name', (adapter) => {
  beforeAll(() => adapter.start(), 120_000);
  afterAll(() => adapter.stop());

  it('saves a classification, reads it back, and replaces it on reclassification', async () => {
    const { db } = await adapter.fresh();
    const store = createStore(db);
    const { ids } = await ingest(store, [{ text: 'Uống nước chanh chữa khỏi covid trong ba ngày' }, { text: 'Công ty nợ lương công nhân' }], { classifier: nullClassifier, secret: SECRET });
    const [a, b] = ids;
    const at = '2026-12-01T08:00:00.000Z';
    await db.write(() =>
      store.classifications.saveMany([
        { itemId: a, classifiedAt: at, classification: { version: 'v1', labels: ['covid_false'], scores: { covid_false: 0.92, grievance: 0.05 }, reasons: [rule('r-chanh', 'covid_false'), rule('r-shadow', 'covid_false', true)] } },
        { itemId: b, classifiedAt: at, classification: { version: 'v1', labels: [], scores: { covid_false: 0.1, grievance: 0.3 }, reasons: [] } },
      ]),
    );
    expect(await store.classifications.get(a)).toEqual({
      itemId: a, version: 'v1', labels: ['covid_false'], scores: { covid_false: 0.92, grievance: 0.05 },
      reasons: [rule('r-chanh', 'covid_false'), rule('r-shadow', 'covid_false', true)], classifiedAt: at,
    });
    expect(await store.items.get(a)).toMatchObject({ flagged: true, maxScore: 0.92, labels: ['covid_false'], classifiedAt: at });
    expect(await store.items.get(b)).toMatchObject({ flagged: false, maxScore: 0.3, labels: [] });
    const hits = () => db.all<{ item_id: number; rule_id: string; shadow: number }>('SELECT item_id, rule_id, shadow FROM item_rule_hits ORDER BY rule_id');
    expect(await hits()).toEqual([{ item_id: a, rule_id: 'r-chanh', shadow: 0 }, { item_id: a, rule_id: 'r-shadow', shadow: 1 }]);

    const later = '2026-12-02T08:00:00.000Z';
    await db.write(() =>
      store.classifications.saveMany([{ itemId: a, classifiedAt: later, classification: { version: 'v2', labels: ['grievance'], scores: { covid_false: 0.2, grievance: 0.6 }, reasons: [rule('r-luong', 'grievance')] } }]),
    );
    expect(await store.classifications.get(a)).toMatchObject({ version: 'v2', labels: ['grievance'], classifiedAt: later });
    expect(await store.items.get(a)).toMatchObject({ flagged: true, maxScore: 0.6, labels: ['grievance'] });
    expect(await hits()).toEqual([{ item_id: a, rule_id: 'r-luong', shadow: 0 }]);
    expect(await store.queue.labelsFor([a, b])).toEqual([{ itemId: a, label: 'grievance', score: 0.6 }]);
    await store.close();
  });

  it('keeps sources and their units, crawl state, run log and HTTP validators', async () => {
    const { db, connect } = await adapter.fresh();
    const store = createStore(db);
    await store.sources.ensureMany([{ id: 'rss-a', type: 'rss', url: 'https://a.example/feed', unit: 'Hà Nội', config: { delayMs: 500 } }, { id: 'tip', type: 'tip' }]);
    await store.sources.ensureMany([{ id: 'rss-a', type: 'html', name: 'ignored' }]); // existing rows stay
    expect(await store.sources.get('rss-a')).toMatchObject({ id: 'rss-a', name: 'rss-a', type: 'rss', unit: 'Hà Nội', enabled: true, config: { delayMs: 500 } });
    await store.sources.upsert({ id: 'rss-a', type: 'rss', name: 'Diễn đàn A', enabled: false, unit: 'Hải Phòng' });
    expect(await store.sources.get('rss-a')).toMatchObject({ name: 'Diễn đàn A', enabled: false, unit: 'Hải Phòng', config: {} });
    expect((await store.sources.list()).map((s) => s.id)).toEqual(['rss-a', 'tip']);
    // A unit named as free text joins the managed list.
    expect((await db.all<{ code: string }>('SELECT code FROM units ORDER BY code')).map((u) => u.code)).toEqual(['Hà Nội', 'Hải Phòng']);

    const t0 = '2026-12-01T08:00:00.000Z';
    const t1 = '2026-12-01T08:05:00.000Z';
    await store.crawlState.ensure(['rss-a', 'rss-b'], t0);
    expect((await store.crawlState.list()).map((s) => [s.sourceId, s.nextDueAt, s.runningSince])).toEqual([['rss-a', t0, null], ['rss-b', t0, null]]);
    // One run at a time, also when the other claimant is another node.
    const other = await connect();
    const otherStore = createStore(other);
    const claims = await Promise.all([store.crawlState.claim('rss-a', t0, '2026-12-01T07:00:00.000Z'), otherStore.crawlState.claim('rss-a', t0, '2026-12-01T07:00:00.000Z')]);
    expect(claims.sort()).toEqual([false, true]);
    expect((await store.crawlState.list()).map((s) => [s.sourceId, s.runningSince])).toEqual([['rss-a', t0], ['rss-b', null]]);
    expect(await store.crawlState.renew('rss-a', t1, t0)).toBe(true);
    expect(await store.crawlState.renew('rss-a', t1, t0)).toBe(false);
    // Where the run stands, written inside a write with its pages' items; read back by a taker-over.
    expect((await store.crawlState.get('rss-a'))?.resume).toBeNull();
    await store.write(() => store.crawlState.saveResume('rss-a', { next: 'https://a.example/?p=3', pages: 2, at: t1 }));
    expect((await otherStore.crawlState.get('rss-a'))?.resume).toEqual({ next: 'https://a.example/?p=3', pages: 2, at: t1 });
    const failed = await store.crawlState.finish('rss-a', { ok: false, at: t1, nextDueAt: '2026-12-01T09:00:00.000Z', error: 'timeout', failingAfter: 2 });
    expect(failed).toMatchObject({ health: 'degraded', consecutiveFailures: 1, runningSince: null, lastError: 'timeout', lastSuccessAt: null, paused: false, resume: null });
    const ok = await store.crawlState.finish('rss-a', { ok: true, at: t1, nextDueAt: '2026-12-01T10:00:00.000Z', failingAfter: 2 });
    expect(ok).toMatchObject({ health: 'ok', consecutiveFailures: 0, lastSuccessAt: t1, lastError: null, nextDueAt: '2026-12-01T10:00:00.000Z' });
    await store.crawlState.setPaused('rss-b', true, t0);
    expect((await store.crawlState.list()).map((s) => [s.sourceId, s.paused])).toEqual([['rss-a', false], ['rss-b', true]]);

    const r1 = await store.crawlRuns.start('rss-a', t0);
    const r2 = await otherStore.crawlRuns.start('rss-b', t0);
    expect(r2).toBeGreaterThan(r1);
    await store.crawlRuns.finish(r1, { status: 'ok', endedAt: t1, pages: 2, found: 10, newCount: 7, duplicates: 3 });
    expect(await store.crawlRuns.get(r1)).toMatchObject({ status: 'ok', pages: 2, found: 10, newCount: 7, duplicates: 3, endedAt: t1, error: null });
    expect(await store.crawlRuns.abandon('rss-b', t1)).toBe(1);
    expect((await store.crawlRuns.recent()).map((r) => [r.id, r.status])).toEqual([[r2, 'failed'], [r1, 'ok']]);
    expect([...(await store.crawlRuns.latestBySource()).keys()].sort()).toEqual(['rss-a', 'rss-b']);

    await store.httpCache.putMany([{ url: 'https://a.example/feed', etag: '"v1"' }, { url: 'https://a.example/feed', etag: '"v2"', lastModified: 'Tue, 01 Dec 2026 08:00:00 GMT' }, { url: 'https://b.example/' }], t0);
    expect(await store.httpCache.get('https://a.example/feed')).toEqual({ etag: '"v2"', lastModified: 'Tue, 01 Dec 2026 08:00:00 GMT' });
    expect(await store.httpCache.get('https://b.example/')).toBeUndefined();
    await store.httpCache.putMany([{ url: 'https://a.example/feed' }], t1); // the server stopped sending validators
    expect(await store.httpCache.get('https://a.example/feed')).toBeUndefined();
    await other.close();
    await store.close();
  });
});
