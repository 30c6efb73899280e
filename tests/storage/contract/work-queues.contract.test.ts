import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingest } from '../../../src/jobs/ingest.js';
import { createStore, type Store } from '../../../src/storage/store.js';
import { flagger } from './flagger.js';
import { SECRET } from '../../helpers/foundation.js';
import { adapters } from './adapters.js';

// The evidence queue, escalation/hold flags and the tipline's records on SQLite and PostgreSQL.

const posts = [
  { text: 'Súc miệng nước muối mỗi giờ sẽ diệt sạch virus corona trong cổ họng.', url: 'https://mxh.example/e/1', source: 'mxh', unit: 'hanoi' },
  { text: 'Xông hơi nước muối gừng chữa khỏi COVID-19 chỉ sau hai ngày.', url: 'https://mxh.example/e/2', source: 'mxh', unit: 'hanoi' },
  { text: 'Xưởng dệt nợ lương công nhân hai tháng nay.', url: 'https://mxh.example/e/3', source: 'mxh', unit: 'hcm' },
  { text: 'Trận bóng chiều nay hoãn vì mưa.', url: 'https://mxh.example/e/4', source: 'mxh', unit: 'hcm' },
];
const T0 = '2026-11-20T03:00:00.000Z';

describe.each(adapters())('evidence queue, escalation and tips on $name', (adapter) => {
  beforeAll(() => adapter.start(), 120_000);
  afterAll(() => adapter.stop());

  let store: Store;
  let other: Store;
  let ids: number[];

  it('queues evidence only for flagged items with a chosen label; two workers never take the same job', async () => {
    const fresh = await adapter.fresh();
    store = createStore(fresh.db);
    other = createStore(await fresh.connect());
    ids = (await ingest(store, posts, { classifier: flagger, secret: SECRET, now: new Date(T0) })).ids;
    expect(await store.evidence.enqueueFlagged(ids, T0, ['covid_false'])).toBe(2);
    expect(await store.evidence.enqueueFlagged(ids, T0, ['covid_false'])).toBe(0);
    expect(await store.evidence.counts()).toEqual({ queued: 2, capturing: 0, done: 0, failed: 0 });

    const now = '2026-11-20T04:00:00.000Z';
    const until = '2026-11-20T04:01:00.000Z';
    const jobs = await Promise.all([store.evidence.claimNext({ owner: 'a', now, until }), other.evidence.claimNext({ owner: 'b', now, until })]);
    expect(jobs.map((j) => j?.itemId).sort()).toEqual([ids[0], ids[1]].sort());
    expect(await store.evidence.claimNext({ owner: 'a', now, until })).toBeUndefined();
    const [mine, theirs] = jobs[0]!.itemId === ids[0] ? ['a', 'b'] : ['b', 'a'];
    // A worker whose lease was taken over cannot record its result; the holder renews and records.
    expect(await store.evidence.renew(ids[0], theirs, until)).toBe(false);
    expect(await store.evidence.renew(ids[0], mine, '2026-11-20T04:02:00.000Z')).toBe(true);
    const files = { capturedAt: now, finalUrl: posts[0].url, htmlPath: 'evidence/1.html', htmlSha256: 'a'.repeat(64), pngPath: 'evidence/1.png', pngSha256: 'b'.repeat(64) };
    expect(await store.evidence.complete(ids[0], files, theirs)).toBe(false);
    expect(await store.evidence.complete(ids[0], files, mine)).toBe(true);
    expect(await store.evidence.fail(ids[1], 'timeout', null)).toBe(true);
    expect(await store.evidence.counts()).toEqual({ queued: 0, capturing: 0, done: 1, failed: 1 });
    expect(await store.evidence.forItem(ids[0])).toMatchObject({ status: 'done', attempts: 1, htmlPath: 'evidence/1.html' });
    expect((await store.evidence.filesFor(ids)).sort()).toEqual(['evidence/1.html', 'evidence/1.png']);
    // A capture whose worker died is taken again once its lease lapses, not before.
    expect(await store.evidence.enqueueFlagged([ids[0]], now, ['covid_false'])).toBe(0);
    await store.evidence.fail(ids[1], 'timeout', now);
    expect((await store.evidence.claimNext({ owner: 'dead', now, until }))?.itemId).toBe(ids[1]);
    expect(await other.evidence.claimNext({ owner: 'b', now: '2026-11-20T04:00:59.000Z', until: '2026-11-20T04:02:00.000Z' })).toBeUndefined();
    expect(await other.evidence.claimNext({ owner: 'b', now: '2026-11-20T04:01:01.000Z', until: '2026-11-20T04:02:00.000Z' })).toMatchObject({ itemId: ids[1], attempts: 3 });
    expect(await store.evidence.fail(ids[1], 'late', null, 'dead')).toBe(false);
    expect(await store.evidence.fail(ids[1], 'timeout', null, 'b')).toBe(true);
    // A label taken off the list drops what is still queued.
    expect(await store.evidence.enqueueFlagged(ids, now, ['grievance'])).toBe(1);
    expect(await store.evidence.dropUnwanted(['covid_false'])).toBe(1);
  });

  it('keeps escalation and hold flags with their history, and counts them per unit', async () => {
    await store.write(async () => {
      await store.itemFlow.set(ids[0], { onHold: false, escalated: true, flowUnit: 'ldld-mb' });
      await store.itemFlow.addEvent({ itemId: ids[0], kind: 'escalate', toUnit: 'ldld-mb', reason: 'Cần ý kiến liên đoàn', userId: null, now: T0 });
      await store.itemFlow.set(ids[2], { onHold: true, escalated: false, flowUnit: null });
      await store.itemFlow.addEvent({ itemId: ids[2], kind: 'hold', toUnit: null, reason: 'Chờ xác minh', userId: null, now: T0 });
    });
    expect(await store.itemFlow.state(ids[0])).toEqual({ onHold: false, escalated: true, flowUnit: 'ldld-mb' });
    expect(await store.itemFlow.state(ids[2])).toEqual({ onHold: true, escalated: false, flowUnit: null });
    expect(await store.itemFlow.counts()).toEqual({ escalated: 1, held: 1 });
    expect(await store.itemFlow.counts('hanoi')).toEqual({ escalated: 1, held: 0 });
    expect(await store.itemFlow.counts('ldld-mb')).toEqual({ escalated: 1, held: 0 });
    expect(await store.itemFlow.counts('hcm')).toEqual({ escalated: 0, held: 1 });
    expect(await store.itemFlow.events(ids[0])).toMatchObject([{ kind: 'escalate', toUnit: 'ldld-mb', reason: 'Cần ý kiến liên đoàn' }]);
    // Bulk status changes (imports) in one statement.
    await store.write(() => store.reviewItems.setStatuses([[ids[2], 'in_review'], [ids[3], 'closed']], T0));
    expect([(await store.reviewItems.head(ids[2]))?.status, (await store.reviewItems.head(ids[3]))?.status]).toEqual(['in_review', 'closed']);
  });

  it('records tips, answers each once, and forgets reply references and replay keys on time', async () => {
    const tipId = await store.write(() =>
      store.tips.add({ receipt: 'KC-0001', itemId: ids[3], channel: 'zalo', worry: 'Có thật không?', senderPseudonym: 'p_abc', replyTo: 'zalo-user-1', createdBy: null, receivedAt: T0 }),
    );
    expect(await store.tips.get(tipId)).toMatchObject({ receipt: 'KC-0001', itemId: ids[3], canReply: true, repliedAt: null });
    expect([...(await store.tips.itemsWithTips(ids))]).toEqual([ids[3]]);
    expect(await store.tips.replyRef(tipId)).toEqual({ channel: 'zalo', replyTo: 'zalo-user-1' });
    const userId = await store.write(() => store.users.create({ username: 'lan', role: 'reviewer', unit: null, passwordHash: 'x', now: T0 }));
    expect(await store.write(() => store.tips.markReplied(tipId, userId, T0))).toBe(true);
    expect(await store.write(() => store.tips.markReplied(tipId, userId, T0))).toBe(false);
    expect(await store.write(() => store.tips.firstSighting('zalo', 'msg-1', T0))).toBe(true);
    expect(await store.write(() => store.tips.firstSighting('zalo', 'msg-1', T0))).toBe(false);
    expect(await store.write(() => store.tips.clearReplyRefs('2026-12-31T00:00:00.000Z'))).toBe(1);
    expect((await store.tips.forItem(ids[3]))[0].canReply).toBe(false);
    expect(await store.write(() => store.tips.pruneHookEvents('2026-12-31T00:00:00.000Z'))).toBe(1);
    await other.close();
    await store.close();
  });
});
