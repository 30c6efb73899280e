import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingest } from '../../../src/jobs/ingest.js';
import { addUser } from '../../../src/review/user-service.js';
import { createStore, type Store } from '../../../src/storage/store.js';
import { SECRET } from '../../helpers/foundation.js';
import { adapters } from './adapters.js';
import { flagger } from './flagger.js';

// Claims, verdicts, responses and grievance follow-ups come out of storage as domain objects on both engines: camelCase
// keys, counts as numbers, dates as the ISO strings written, never the snake_case rows SQL returns.
const POSTS = [
  { text: 'Uống nước muối ấm mỗi sáng sẽ chữa khỏi COVID-19, chia sẻ ngay cho cả nhà.', url: 'https://mxh.example/p/1', source: 'mxh', unit: 'hanoi' },
  { text: 'Nước muối chữa được COVID-19, bác sĩ không nói cho bạn biết đâu.', url: 'https://mxh.example/p/2', source: 'mxh', unit: 'hanoi' },
  { text: 'Hôm nay trời đẹp, cả tổ đi dã ngoại ở hồ.', url: 'https://mxh.example/p/3', source: 'mxh', unit: 'hcm' },
];
const now = '2026-11-20T01:00:00.000Z';
const later = '2026-11-21T02:00:00.000Z';
const meta = { now: new Date(now), ip: '127.0.0.1' };

async function setUp(db: Store['db']): Promise<{ store: Store; ids: number[]; userId: number }> {
  const store = createStore(db);
  const ids = (await ingest(store, POSTS, { classifier: flagger, secret: SECRET, now: new Date('2026-11-19T03:00:00Z') })).ids;
  const userId = await addUser(store, { id: null, username: 'cli' } as never, { username: 'lan', role: 'admin', unit: null, password: 'mot-mat-khau-dai-2026' }, meta);
  return { store, ids, userId };
}

describe.each(adapters())('review records on $name', (adapter) => {
  beforeAll(() => adapter.start(), 120_000);
  afterAll(() => adapter.stop());

  it('claims: the claim, its members, the claims of an item, decided claims and the list', async () => {
    const { db } = await adapter.fresh();
    const { store, ids, userId } = await setUp(db);
    const [a, b, c] = ids;
    const { claimId, other } = await db.write(async () => {
      const claimId = await store.claims.create({ statement: 'Nước muối chữa COVID-19', label: 'covid_false', unit: 'hanoi', knownClaimId: 'salt-water', userId, now });
      const other = await store.claims.create({ statement: 'Trời đẹp', label: null, unit: 'hcm', userId, now });
      await store.claims.setMember({ claimId, itemId: a, state: 'confirmed', userId, now });
      await store.claims.setMember({ claimId, itemId: b, state: 'suggested', similarity: 0.5, userId: null, now });
      await store.claims.setMember({ claimId: other, itemId: c, state: 'rejected', userId, now });
      await store.claims.decide(claimId, { verdict: 'false', reason: 'Bộ Y tế đã bác bỏ', userId, now: later });
      await store.responses.create({ claimId, template: null, body: 'Nước muối không chữa được COVID-19.', sources: [], userId, now });
      return { claimId, other };
    });
    const claim = {
      id: claimId, statement: 'Nước muối chữa COVID-19', label: 'covid_false', unit: 'hanoi', knownClaimId: 'salt-water',
      verdict: 'false', verdictReason: 'Bộ Y tế đã bác bỏ', decidedBy: userId, decidedAt: later, createdBy: userId, createdAt: now, updatedAt: later,
    };
    expect(await store.claims.get(claimId)).toEqual(claim);
    expect(await store.claims.get(other)).toMatchObject({ knownClaimId: null, verdict: null, verdictReason: null, decidedBy: null, decidedAt: null });
    expect(await store.claims.get(other + 100)).toBeUndefined();
    const members = await store.claims.members(claimId);
    expect(members.map((m) => [m.itemId, m.state, m.similarity])).toEqual([[b, 'suggested', 0.5], [a, 'confirmed', null]]);
    expect(members[1]).toEqual({ itemId: a, state: 'confirmed', similarity: null, title: null, text: POSTS[0].text, unit: 'hanoi', status: 'new', verdict: null, collectedAt: '2026-11-19T03:00:00.000Z' });
    expect((await store.claims.members(claimId, 'confirmed')).map((m) => m.itemId)).toEqual([a]);
    expect(await store.claims.forItem(b)).toEqual([{ ...claim, state: 'suggested' }]);
    expect(await store.claims.forItem(c)).toEqual([]);
    expect(await store.claims.decidedFor([a, c], ['salt-water'])).toEqual([{ ...claim, itemId: a }, { ...claim, itemId: null }]);
    expect(await store.claims.decidedFor([], [])).toEqual([]);
    expect(await store.claims.decidedKnownIds()).toEqual(['salt-water']);
    const list = await store.claims.list({ limit: 10 });
    expect(list.map((s) => [s.id, s.members, s.responseStatus])).toEqual([[other, 0, null], [claimId, 1, 'draft']]);
    expect(list[1]).toEqual({ ...claim, members: 1, responseStatus: 'draft' });
    expect((await store.claims.list({ unit: 'hcm', limit: 10 })).map((s) => s.id)).toEqual([other]);
    await store.close();
  });
  it('responses: one response, those of a claim with the approver, the list with its claim', async () => {
    const { db } = await adapter.fresh();
    const { store, userId } = await setUp(db);
    const { claimId, draft, published } = await db.write(async () => {
      const claimId = await store.claims.create({ statement: 'Nước muối chữa COVID-19', label: 'covid_false', unit: 'hanoi', userId, now });
      await store.claims.decide(claimId, { verdict: 'false', reason: 'Bộ Y tế đã bác bỏ', userId, now });
      const draft = await store.responses.create({ claimId, template: 'covid-false', body: 'Bản nháp', sources: [], userId, now });
      const published = await store.responses.create({ claimId, template: null, body: 'Nước muối không chữa được COVID-19.', sources: [{ url: 'https://moh.example/', title: 'Bộ Y tế' }], userId, now });
      expect(await store.responses.approve(published, userId, later)).toBe(true);
      expect(await store.responses.publish(published, 'https://mxh.example/cd/9', userId, later)).toBe(true);
      return { claimId, draft, published };
    });
    const base = { claimId, createdBy: userId, createdAt: now, updatedBy: userId, updatedAt: now };
    expect(await store.responses.get(draft)).toEqual({
      ...base, id: draft, template: 'covid-false', body: 'Bản nháp', status: 'draft',
      approvedBy: null, approvedByName: null, approvedAt: null, publishedBy: null, publishedAt: null, publishedUrl: null,
    });
    const done = {
      ...base, id: published, template: null, body: 'Nước muối không chữa được COVID-19.', status: 'published',
      approvedBy: userId, approvedByName: 'lan', approvedAt: later, publishedBy: userId, publishedAt: later, publishedUrl: 'https://mxh.example/cd/9',
    };
    expect(await store.responses.get(published)).toEqual(done);
    expect(await store.responses.get(published + 100)).toBeUndefined();
    expect((await store.responses.forClaim(claimId)).map((r) => [r.id, r.status])).toEqual([[published, 'published'], [draft, 'draft']]);
    expect(await store.responses.sources(published)).toEqual([{ url: 'https://moh.example/', title: 'Bộ Y tế' }]);
    const list = await store.responses.list({ limit: 10 });
    expect(list[0]).toEqual({ ...done, statement: 'Nước muối chữa COVID-19', unit: 'hanoi', verdict: 'false' });
    expect((await store.responses.list({ status: 'draft', unit: 'hanoi', limit: 10 })).map((r) => r.id)).toEqual([draft]);
    expect(await store.responses.list({ unit: 'hcm', limit: 10 })).toEqual([]);
    await store.close();
  });
  it('verdicts: the history of an item, newest first, with who recorded each and the claim it came through', async () => {
    const { db } = await adapter.fresh();
    const { store, ids, userId } = await setUp(db);
    const [a, b] = ids;
    const { first, second, claimId } = await db.write(async () => {
      const claimId = await store.claims.create({ statement: 'Nước muối chữa COVID-19', label: 'covid_false', unit: 'hanoi', userId, now });
      const first = await store.verdicts.add({ itemId: a, verdict: 'unverifiable', reason: 'Chưa kiểm chứng được', userId, now });
      const second = await store.verdicts.add({ itemId: a, claimId, verdict: 'false', reason: 'Bộ Y tế đã bác bỏ', note: 'theo thông báo', userId, now: later });
      return { first, second, claimId };
    });
    expect(await store.verdicts.forItem(a)).toEqual([
      { id: second, itemId: a, claimId, verdict: 'false', reason: 'Bộ Y tế đã bác bỏ', note: 'theo thông báo', userId, username: 'lan', createdAt: later },
      { id: first, itemId: a, claimId: null, verdict: 'unverifiable', reason: 'Chưa kiểm chứng được', note: null, userId, username: 'lan', createdAt: now },
    ]);
    expect(await store.verdicts.forItem(b)).toEqual([]);
    await store.close();
  });
  it('grievances: the follow-up, its history and the list, open by default until someone sets one', async () => {
    const { db } = await adapter.fresh();
    const { store, ids, userId } = await setUp(db);
    const [a, b] = ids;
    await db.write(async () => {
      await store.grievances.upsert({ itemId: a, status: 'forwarded', unit: 'hcm', note: 'Chuyển công đoàn', ownerId: userId, dueDate: '2026-11-25', userId, now });
      await store.grievances.upsert({ itemId: a, status: 'resolved', unit: 'hcm', note: 'Đã trả lương', ownerId: userId, dueDate: '2026-11-25', finding: 'Có thật', closedBy: userId, closedAt: later, userId, now: later });
      await store.grievances.open(b, 'hanoi', now);
    });
    expect(await store.grievances.full(a)).toEqual({ status: 'resolved', unit: 'hcm', note: 'Đã trả lương', ownerId: userId, dueDate: '2026-11-25', finding: 'Có thật', closedBy: userId, closedAt: later });
    expect(await store.grievances.full(b)).toEqual({ status: 'open', unit: 'hanoi', note: null, ownerId: null, dueDate: null, finding: null, closedBy: null, closedAt: null });
    expect(await store.grievances.get(a)).toEqual({ status: 'resolved', unit: 'hcm', note: 'Đã trả lương' });
    const history = await store.grievances.history(a);
    expect(history.map((e) => e.status)).toEqual(['resolved', 'forwarded']);
    expect(history[1]).toEqual({ id: history[1].id, status: 'forwarded', unit: 'hcm', ownerName: 'lan', dueDate: '2026-11-25', note: 'Chuyển công đoàn', finding: null, username: 'lan', createdAt: now });
    const list = await store.grievances.list({ limit: 10 });
    expect(list.map((g) => [g.itemId, g.status])).toEqual([[b, 'open'], [a, 'resolved']]);
    expect(list[1]).toEqual({
      itemId: a, title: null, text: POSTS[0].text, itemUnit: 'hanoi', collectedAt: '2026-11-19T03:00:00.000Z', status: 'resolved', unit: 'hcm',
      note: 'Đã trả lương', ownerId: userId, ownerName: 'lan', dueDate: '2026-11-25', finding: 'Có thật', updatedAt: later, updatedByName: 'lan',
    });
    expect(list[0]).toMatchObject({ itemId: b, ownerId: null, ownerName: null, dueDate: null, updatedByName: null });
    expect((await store.grievances.list({ unit: 'hcm', limit: 10 })).map((g) => g.itemId)).toEqual([a]);
    await store.close();
  });
});
