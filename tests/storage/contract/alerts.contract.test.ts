import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkAlerts } from '../../../src/alerts/check-alerts.js';
import { ingest } from '../../../src/jobs/ingest.js';
import type { SqlDb } from '../../../src/storage/sql-db.js';
import { createStore, type Store } from '../../../src/storage/store.js';
import type { WatchlistInput } from '../../../src/storage/watchlists.js';
import { parseSearch } from '../../../src/text/search-query.js';
import type { Classifier } from '../../../src/types.js';
import { SECRET } from '../../helpers/foundation.js';
import { adapters } from './adapters.js';

// The alert check's queries and the watchlists' unseen counts on both engines: hour buckets of
// posts and of their later copies, searches by the watchlist's folded query, the known claims the
// classifier matched (from the stored reasons), and new copies of a claim judged false.
const CLAIM = { id: 'muoi-chua-covid', statement: 'Súc miệng nước muối chữa khỏi COVID' };
const classifier: Classifier = {
  version: 'contract-alerts',
  classify({ text }) {
    const salt = /muối/.test(text);
    return {
      labels: salt ? ['covid_false'] : [],
      scores: { covid_false: salt ? 0.9 : 0.05 },
      reasons: salt ? [{ kind: 'claim', label: 'covid_false', claimId: CLAIM.id, statement: CLAIM.statement, similarity: 0.9, confirmed: true }] : [],
      version: 'contract-alerts',
    };
  },
};

const OVERTIME_A = 'Công ty bắt tăng ca đến 10 giờ đêm mà không trả thêm đồng nào, anh em ở xưởng may rất mệt.';
const OVERTIME_C = 'Tuần này lại tăng ca cả chủ nhật, ai không ở lại thì bị trừ điểm thi đua cuối năm.';
const SALT_B = 'Mọi người súc miệng nước muối mỗi sáng là khỏi COVID, không cần đi tiêm đâu nhé.';
const SALT_D = 'Bác sĩ nói uống nước muối loãng sẽ diệt virus trong cổ họng, chia sẻ cho cả nhà.';
const T0 = new Date('2026-11-20T06:10:00.000Z');
const T1 = new Date('2026-11-20T07:20:00.000Z');
const FROM = '2026-11-20T06:00:00.000Z';
const TO = '2026-11-20T08:00:00.000Z';

async function seeded(db: SqlDb) {
  const store = createStore(db);
  const opts = { classifier, secret: SECRET };
  const first = await ingest(store, [{ text: OVERTIME_A, unit: 'hanoi' }, { text: SALT_B, unit: 'hcm' }], { ...opts, now: T0 });
  const [a, b] = first.ids;
  const userId = await db.write(() => store.users.create({ username: 'admin', role: 'admin', unit: null, passwordHash: 'x', now: T0.toISOString() }));
  // A claim made of post B, judged false at 07:00, tied to the classifier's known claim.
  const claimId = await db.write(async () => {
    const id = await store.claims.create({ statement: 'Nước muối chữa COVID', label: 'covid_false', unit: 'hcm', knownClaimId: CLAIM.id, userId, now: T0.toISOString() });
    await store.claims.setMember({ claimId: id, itemId: b, state: 'confirmed', userId, now: T0.toISOString() });
    await store.claims.decide(id, { verdict: 'false', reason: 'Bộ Y tế đã bác bỏ', userId, now: '2026-11-20T07:00:00.000Z' });
    return id;
  });
  // At 07:20: a new overtime post, a copy of A, a copy of B (after the verdict) and a new salt post.
  const second = await ingest(store, [{ text: OVERTIME_C, unit: 'hcm' }, { text: OVERTIME_A, unit: 'hanoi' }, { text: SALT_B, unit: 'hcm' }, { text: SALT_D, unit: 'hcm' }], { ...opts, now: T1 });
  expect(second).toMatchObject({ imported: 2, duplicates: 2 });
  const [c, d] = second.ids;
  return { store, a, b, c, d, userId, claimId };
}

function watch(query: string, more: Partial<WatchlistInput> = {}): WatchlistInput {
  const p = parseSearch(query);
  if (!p.ok) throw new Error(p.error);
  return { name: query, query, match: p.match, labels: [], unit: null, sourceId: null, dateFrom: null, dateTo: null, ...more };
}

describe.each(adapters())('alert checks and watchlists on $name', (adapter) => {
  beforeAll(() => adapter.start(), 120_000);
  afterAll(() => adapter.stop());

  it('counts a watchlist per hour (copies included), with its filters, and lists the window items', async () => {
    const { db } = await adapter.fresh();
    const { store, a, c, userId } = await seeded(db);
    expect(await store.alerts.historyStart()).toBe(T0.toISOString());
    const all = await db.write(() => store.watchlists.create(watch('tang ca'), userId, T0.toISOString()));
    const hanoi = await db.write(() => store.watchlists.create(watch('"tăng ca"', { unit: 'hanoi' }), userId, T0.toISOString()));
    const later = await db.write(() => store.watchlists.create(watch('tang ca', { dateFrom: '2026-11-21' }), userId, T0.toISOString()));
    const either = await db.write(() => store.watchlists.create(watch('chu nhat OR "10 gio dem"', { dateTo: '2026-11-20' }), userId, T0.toISOString()));
    const w = async (id: number) => (await store.watchlists.get(id))!;
    expect(await store.alerts.watchlistHourly(await w(all), FROM, TO)).toEqual(new Map([[0, 1], [1, 2]]));
    expect(await store.alerts.watchlistHourly(await w(hanoi), FROM, TO)).toEqual(new Map([[0, 1], [1, 1]]));
    expect(await store.alerts.watchlistHourly(await w(later), FROM, TO)).toEqual(new Map());
    expect(await store.alerts.watchlistHourly(await w(either), FROM, TO)).toEqual(new Map([[0, 1], [1, 2]]));
    // Buckets count from the series start: one starting an hour later puts 07:20 in bucket 0.
    expect(await store.alerts.watchlistHourly(await w(all), '2026-11-20T07:00:00.000Z', TO)).toEqual(new Map([[0, 2]]));
    expect(await store.alerts.watchlistItems(await w(all), '2026-11-20T07:00:00.000Z', TO, 10)).toEqual([a, c]);
    expect(await store.alerts.watchlistItems(await w(all), FROM, TO, 1)).toEqual([a]);
    expect(await store.alerts.watchlistItems(await w(hanoi), '2026-11-20T07:00:00.000Z', TO, 10)).toEqual([a]);
    const listed = await store.alerts.items([c, a]);
    expect(listed.map((i) => [i.id, i.unit, i.collectedAt, i.status])).toEqual([
      [a, 'hanoi', T0.toISOString(), 'new'],
      [c, 'hcm', T1.toISOString(), 'new'],
    ]);
    expect(listed[0].snippet).toBe(OVERTIME_A);
    await store.close();
  });

  it('counts known claims from the stored reasons and finds copies of a claim judged false', async () => {
    const { db } = await adapter.fresh();
    const { store, b, d, claimId } = await seeded(db);
    const known = await store.alerts.knownClaimHourly(FROM, TO);
    expect([...known.keys()]).toEqual([CLAIM.id]);
    expect(known.get(CLAIM.id)).toEqual({ statement: CLAIM.statement, hourly: new Map([[0, 1], [1, 2]]) });
    expect(await store.alerts.knownClaimItems(CLAIM.id, FROM, TO, 10)).toEqual([b, d]);
    expect(await store.alerts.knownClaimItems('no-such-claim', FROM, TO, 10)).toEqual([]);
    const again = await store.alerts.reappearances(FROM, TO);
    expect(again).toEqual([
      { claimId, statement: 'Nước muối chữa COVID', unit: 'hcm', itemId: b, t: T1.toISOString() },
      { claimId, statement: 'Nước muối chữa COVID', unit: 'hcm', itemId: d, t: T1.toISOString() },
    ]);
    // Before the verdict nothing counts as a reappearance.
    expect(await store.alerts.reappearances(FROM, '2026-11-20T07:00:00.000Z')).toEqual([]);
    await store.close();
  });

  it('runs the whole check: the reappearing claim alerts once; unseen counts, delivery marks', async () => {
    const { db } = await adapter.fresh();
    const { store, b, d, userId, claimId } = await seeded(db);
    await db.write(() => store.watchlists.create(watch('tang ca'), userId, T0.toISOString()));
    const now = new Date('2026-11-20T07:40:00.000Z');
    const r = await checkAlerts(store, { now, timeZone: 'Asia/Ho_Chi_Minh' });
    expect(r.subjects).toBe(2); // the watchlist and the known claim
    expect(r.created).toHaveLength(1);
    const alert = (await store.alerts.get(r.created[0]))!;
    expect(alert).toMatchObject({ kind: 'claim_reappears', subjectType: 'claim', subjectId: String(claimId), unit: 'hcm', count: 2, itemIds: [b, d], windowStart: '2026-11-20T07:00:00.000Z' });
    expect((await checkAlerts(store, { now, timeZone: 'Asia/Ho_Chi_Minh' })).created).toEqual([]);
    expect(await store.alerts.firedWindows('claim', String(claimId), 'claim_reappears', FROM, TO)).toEqual(['2026-11-20T07:00:00.000Z']);
    expect(await store.alerts.firedWindows('claim', String(claimId), 'spike_hour', FROM, TO)).toEqual([]);

    expect(await store.alerts.unseenCount(userId)).toBe(1);
    expect(await store.alerts.unseenCount(userId, 'hanoi')).toBe(0);
    await db.write(() => store.alerts.markSeen(userId, alert.id));
    await db.write(() => store.alerts.markSeen(userId, alert.id - 1)); // an older page never moves the mark back
    expect(await store.alerts.seenUpTo(userId)).toBe(alert.id);
    expect(await store.alerts.unseenCount(userId)).toBe(0);
    expect((await store.alerts.list({ unit: 'hcm', limit: 5 })).map((x) => x.id)).toEqual([alert.id]);
    expect(await store.alerts.list({ unit: 'hanoi', limit: 5 })).toEqual([]);

    expect((await store.alerts.undelivered({ mail: true, telegram: false }, 3)).map((x) => x.id)).toEqual([alert.id]);
    await db.write(() => store.alerts.deliveryFailed(alert.id, 'smtp down'));
    await db.write(() => store.alerts.delivered(alert.id, 'mail', now.toISOString()));
    expect(await store.alerts.undelivered({ mail: true, telegram: false }, 3)).toEqual([]);
    expect((await store.alerts.undelivered({ mail: false, telegram: true }, 3)).map((x) => x.deliveryAttempts)).toEqual([1]);
    expect(await store.alerts.undelivered({ mail: false, telegram: true }, 1)).toEqual([]);
    await store.close();
  });

  it('counts what a watchlist found since the last visit, per unit, capped', async () => {
    const { db } = await adapter.fresh();
    const store: Store = createStore(db);
    const opts = { classifier, secret: SECRET };
    await ingest(store, [{ text: OVERTIME_A, unit: 'hanoi' }], { ...opts, now: T0 });
    const userId = await db.write(() => store.users.create({ username: 'reviewer', role: 'reviewer', unit: 'hcm', passwordHash: 'x', now: T0.toISOString() }));
    const id = await db.write(() => store.watchlists.create(watch('tang ca'), userId, T0.toISOString()));
    const dated = await db.write(() => store.watchlists.create(watch('tang ca', { dateFrom: '2026-11-20', dateTo: '2026-11-20' }), userId, T0.toISOString()));
    const w = (await store.watchlists.get(id))!;
    expect(await store.watchlists.newSince(w, userId)).toBe(0); // what was stored before the watchlist is not new
    await ingest(store, [{ text: OVERTIME_C, unit: 'hcm' }, { text: SALT_D, unit: 'hcm' }], { ...opts, now: T1 });
    await ingest(store, [{ text: 'Xưởng dệt ở Hà Nội cũng bắt công nhân tăng ca liên tục suốt ba tuần nay.', unit: 'hanoi' }], { ...opts, now: new Date('2026-11-21T01:00:00.000Z') });
    expect(await store.watchlists.newSince(w, userId)).toBe(2);
    expect(await store.watchlists.newSince(w, userId, 'hcm')).toBe(1);
    expect(await store.watchlists.newSince(w, userId, undefined, 0)).toBe(1); // counted up to cap + 1
    expect(await store.watchlists.newSince((await store.watchlists.get(dated))!, userId)).toBe(1);
    await db.write(() => store.watchlists.visit(id, userId, T1.toISOString()));
    expect(await store.watchlists.newSince(w, userId)).toBe(0);
    await ingest(store, [{ text: 'Lại tăng ca, lần này là cả tổ cắt may.', unit: 'hcm' }], { ...opts, now: new Date('2026-11-22T01:00:00.000Z') });
    expect(await store.watchlists.newSince(w, userId)).toBe(1);
    expect((await store.watchlists.list()).map((x) => [x.name, x.labels, x.dateFrom])).toEqual([
      ['tang ca', [], null],
      ['tang ca', [], '2026-11-20'],
    ]);
    await store.close();
  });
});
