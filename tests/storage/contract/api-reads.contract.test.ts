import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { claimsQuery, createApiService, itemsQuery } from '../../../src/api/api-service.js';
import { ingest } from '../../../src/jobs/ingest.js';
import type { ApiItemFilter } from '../../../src/storage/api-reads.js';
import { ftsQuery } from '../../../src/storage/item-reads.js';
import { createStore } from '../../../src/storage/store.js';
import type { Classification, Classifier } from '../../../src/types.js';
import { SECRET } from '../../helpers/foundation.js';
import { adapters } from './adapters.js';

// The read-only JSON API's pages on both engines: item lists by unit scope, label, status, source,
// dates, score and search, keyset-paged newest first; claims with members and public responses.
const LABELS: Array<[RegExp, string, number]> = [
  [/lương/i, 'grievance', 0.7],
  [/độc lập/i, 'independent_union', 0.8],
  [/vắc xin/i, 'covid_false', 0.95],
];
const classifier: Classifier = {
  version: 'contract-api',
  classify({ text }): Classification {
    const labels = LABELS.filter(([re]) => re.test(text)).map(([, l]) => l);
    const scores = Object.fromEntries(LABELS.map(([re, l, score]) => [l, re.test(text) ? score : 0.1]));
    return { labels, scores, reasons: [], version: 'contract-api' };
  },
};
const POSTS = [
  { text: 'Kêu gọi thành lập công đoàn độc lập ngoài hệ thống, anh em công nhân hãy tham gia.', unit: 'hanoi', source: 'forum-a', author: 'Trần Văn B' },
  { text: 'Công ty nợ lương hai tháng, tiền tăng ca cũng bị cắt, công nhân rất bức xúc.', unit: 'hanoi', source: 'forum-b' },
  { text: 'Tiêm vắc xin làm thay đổi gen, đừng cho con đi tiêm nhé mọi người.', unit: 'hcm', source: 'forum-a' },
  { text: 'Lương tháng này về trễ, nghe nói công đoàn đang làm việc với công ty.', unit: 'hcm', source: 'forum-b' },
  { text: 'Hôm nay trời đẹp, cả nhà đi chơi công viên.', unit: 'danang', source: 'forum-a' },
];

describe.each(adapters())('API reads on $name', (adapter) => {
  beforeAll(() => adapter.start(), 120_000);
  afterAll(() => adapter.stop());

  it('item pages: unit scope, filters, search, keyset paging, labels and pseudonyms', async () => {
    const { db } = await adapter.fresh();
    const store = createStore(db);
    const ids: number[] = [];
    // One post a day, so dates can bound the list.
    for (const [n, p] of POSTS.entries()) ids.push(...(await ingest(store, [p], { classifier, secret: SECRET, now: new Date(Date.UTC(2026, 10, 10 + n, 3)) })).ids);
    const [union, pay, vaccine, late, park] = ids;
    const page = async (f: Partial<ApiItemFilter>, limit = 10, before?: number) =>
      (await store.apiReads.items({ units: null, flaggedOnly: false, ...f }, limit, before)).map((r) => r.id);
    expect(await page({})).toEqual([park, late, vaccine, pay, union]);
    expect(await page({ flaggedOnly: true })).toEqual([late, vaccine, pay, union]);
    expect(await page({}, 2)).toEqual([park, late]);
    expect(await page({}, 2, late)).toEqual([vaccine, pay]);
    expect(await page({ units: ['hcm'] })).toEqual([late, vaccine]);
    expect(await page({ units: ['hanoi', 'danang'] })).toEqual([park, pay, union]);
    expect(await page({ units: ['hanoi', 'danang'] }, 1, park)).toEqual([pay]);
    expect(await page({ units: [] })).toEqual([]); // a token scoped to no unit sees nothing
    expect(await page({ label: 'grievance' })).toEqual([late, pay]);
    expect(await page({ label: 'grievance', units: ['hcm'] })).toEqual([late]);
    expect(await page({ label: 'grievance', minScore: 0.75 })).toEqual([]);
    expect(await page({ minScore: 0.75 })).toEqual([vaccine, union]);
    expect(await page({ source: 'forum-a' })).toEqual([park, vaccine, union]);
    expect(await page({ source: 'forum-a', units: ['hcm', 'hanoi'] })).toEqual([vaccine, union]);
    expect(await page({ from: '2026-11-11T00:00:00.000Z', to: '2026-11-13T23:59:59.999Z' })).toEqual([late, vaccine, pay]);
    expect(await page({ from: '2026-11-11T00:00:00.000Z', units: ['hanoi'] })).toEqual([pay]);
    expect(await page({ match: ftsQuery('cong doan')! })).toEqual([late, union]);
    expect(await page({ match: ftsQuery('cong doan')!, units: ['hcm', 'danang'] })).toEqual([late]);
    expect(await page({ match: ftsQuery('luong')!, label: 'grievance', to: '2026-11-12T00:00:00.000Z' })).toEqual([pay]);
    expect(await page({ match: ftsQuery('cong')!, flaggedOnly: true }, 2, late)).toEqual([pay, union]);
    await db.write(() => db.run(`UPDATE items SET status = 'in_review' WHERE id = ?`, [pay]));
    expect(await page({ status: 'in_review' })).toEqual([pay]);
    expect(await page({ status: 'new', units: ['hanoi'] })).toEqual([union]);

    const [item] = await store.apiReads.items({ units: ['hanoi'], flaggedOnly: true, label: 'independent_union' }, 1);
    expect(item).toMatchObject({ id: union, sourceId: 'forum-a', unit: 'hanoi', status: 'new', verdict: null, flagged: true, maxScore: 0.8, duplicateCount: 0, labels: [{ label: 'independent_union', score: 0.8 }] });
    expect(item.collectedAt).toBe('2026-11-10T03:00:00.000Z');
    expect(item.excerpt).toBe(POSTS[0].text);
    expect(item.authorPseudonym).toMatch(/^tg-[0-9a-f]{8}$/);
    expect((await store.apiReads.items({ units: null, flaggedOnly: false }, 1, union + 1))[0]).toMatchObject({ id: union, flagged: true });
    expect((await store.apiReads.items({ units: ['danang'], flaggedOnly: false }, 1))[0]).toMatchObject({ id: park, flagged: false, labels: [] });
    expect(await store.apiReads.authorHandles([union, park])).toEqual(new Map([[union, 'Trần Văn B']]));
    expect((await store.apiReads.itemsPlan({ units: null, flaggedOnly: true, label: 'grievance' })).length).toBeGreaterThan(0);
    await store.close();
  });

  it('claim pages: scope, verdict and label filters, members, only approved or published responses', async () => {
    const { db } = await adapter.fresh();
    const store = createStore(db);
    const ids = (await ingest(store, POSTS, { classifier, secret: SECRET })).ids;
    const now = '2026-11-20T01:00:00.000Z';
    const userId = await db.write(() => store.users.create({ username: 'admin', role: 'admin', unit: null, passwordHash: 'x', now }));
    const { open, decided, other, approved } = await db.write(async () => {
      const open = await store.claims.create({ statement: 'Công đoàn độc lập', label: 'independent_union', unit: 'hanoi', userId, now });
      const decided = await store.claims.create({ statement: 'Vắc xin đổi gen', label: 'covid_false', unit: 'hcm', knownClaimId: 'vaccine-gene', userId, now });
      const other = await store.claims.create({ statement: 'Trời đẹp', label: null, unit: 'danang', userId, now });
      await store.claims.setMember({ claimId: decided, itemId: ids[2], state: 'confirmed', userId, now });
      await store.claims.setMember({ claimId: decided, itemId: ids[3], state: 'suggested', userId, now });
      await store.claims.decide(decided, { verdict: 'false', reason: 'Không có bằng chứng', userId, now });
      const draft = await store.responses.create({ claimId: decided, template: null, body: 'Bản nháp', sources: [], userId, now });
      const approved = await store.responses.create({ claimId: decided, template: null, body: 'Vắc xin không đổi gen', sources: [{ url: 'https://moh.example/vac-xin', title: 'Bộ Y tế' }], userId, now });
      await store.responses.approve(approved, userId, now);
      expect(draft).toBeLessThan(approved);
      return { open, decided, other, approved };
    });
    const claims = async (f: Partial<Parameters<typeof store.apiReads.claims>[0]>, limit = 10, before?: number) =>
      (await store.apiReads.claims({ units: null, ...f }, limit, before)).map((c) => c.id);
    expect(await claims({})).toEqual([other, decided, open]);
    expect(await claims({}, 1, other)).toEqual([decided]);
    expect(await claims({ units: [] })).toEqual([]);
    expect(await claims({ units: ['hanoi', 'hcm'] })).toEqual([decided, open]);
    expect(await claims({ verdict: 'false' })).toEqual([decided]);
    expect(await claims({ decided: false })).toEqual([other, open]);
    expect(await claims({ label: 'independent_union', units: ['hanoi'] })).toEqual([open]);
    const [c] = await store.apiReads.claims({ units: ['hcm'] }, 5);
    expect(c).toMatchObject({ id: decided, statement: 'Vắc xin đổi gen', knownClaimId: 'vaccine-gene', verdict: 'false', verdictReason: 'Không có bằng chứng', decidedAt: now, members: 1 });
    expect(c.responses).toEqual([{ id: approved, status: 'approved', body: 'Vắc xin không đổi gen', approvedAt: now, publishedAt: null, publishedUrl: null, sources: [{ url: 'https://moh.example/vac-xin', title: 'Bộ Y tế' }] }]);
    // Summaries share the unit scope: a token scoped to no unit counts nothing.
    expect(await store.apiSummaries.grievanceCounts([], '2026-11-20')).toEqual([]);
    expect(await store.apiSummaries.digests([], 5)).toEqual([]);
    await store.close();
  });

  it('the API service over it: a token of one unit, a search, a cursor, pseudonyms instead of handles', async () => {
    const { db } = await adapter.fresh();
    const store = createStore(db);
    const ids = (await ingest(store, POSTS, { classifier, secret: SECRET })).ids;
    const api = createApiService(store);
    const now = '2026-11-20T01:00:00.000Z';
    const token = async (unit: string | null) => (await store.apiTokens.byId(await db.write(() => store.apiTokens.create({ name: `t-${unit}`, tokenHash: `h-${unit}`, prefix: 'kc_', unit, createdBy: null, now, expiresAt: null }))))!;
    const all = await token(null);
    const hanoi = await token('hanoi');
    const first = await api.items(all, itemsQuery.parse({ q: 'công đoàn', limit: '1' }));
    expect(first.data.map((x) => x.id)).toEqual([ids[3]]);
    const next = await api.items(all, itemsQuery.parse({ q: 'công đoàn', limit: '1', cursor: first.next_cursor! }));
    expect(next.data.map((x) => x.id)).toEqual([ids[0]]);
    expect(next.data[0].author).toMatch(/^tg-[0-9a-f]{8}$/);
    expect(JSON.stringify(next.data)).not.toContain('Trần Văn B');
    expect(next.next_cursor).toBeNull();
    expect((await api.items(hanoi, itemsQuery.parse({ q: 'cong doan' }))).data.map((x) => x.id)).toEqual([ids[0]]);
    expect((await api.items(hanoi, itemsQuery.parse({ unit: 'hcm' }))).data).toEqual([]);
    expect((await api.items(hanoi, itemsQuery.parse({ flagged: 'any', label: 'grievance' }))).data.map((x) => x.id)).toEqual([ids[1]]);
    expect((await api.claims(hanoi, claimsQuery.parse({}))).data).toEqual([]);
    // The unpaid wages post of Hà Nội is a grievance nobody followed up yet; HCM's is out of scope.
    expect(await api.grievanceCounts(hanoi, {}, '2026-11-20')).toMatchObject({ total: 1, by_status: { open: 1 }, by_unit: [{ unit: 'hanoi', total: 1 }] });
    expect(await api.grievanceCounts(hanoi, { unit: 'hcm' }, '2026-11-20')).toMatchObject({ total: 0, by_unit: [] });
    await store.close();
  });
});
