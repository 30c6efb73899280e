import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingest } from '../../../src/jobs/ingest.js';
import { ftsQuery } from '../../../src/storage/item-reads.js';
import { createStore, type Store } from '../../../src/storage/store.js';
import { parseSearch } from '../../../src/text/search-query.js';
import type { Classification, Classifier } from '../../../src/types.js';
import { SECRET } from '../../helpers/foundation.js';
import { adapters } from './adapters.js';

// The review queue's filters and its search on both adapters: a diacritic-free query finds the
// accented post, phrases and AND/OR/NOT mean the same on FTS5 and on PostgreSQL's tsvector.
const LABELS: Array<[RegExp, string, number]> = [
  [/lương/i, 'grievance', 0.7],
  [/độc lập/i, 'independent_union', 0.8],
  [/vắc xin/i, 'covid_false', 0.95],
];
const classifier: Classifier = {
  version: 'contract-1',
  classify({ text }): Classification {
    const labels = LABELS.filter(([re]) => re.test(text)).map(([, l]) => l);
    const scores = Object.fromEntries(LABELS.map(([re, l, score]) => [l, re.test(text) ? score : 0.1]));
    return { labels, scores, reasons: [], version: 'contract-1' };
  },
};

const POSTS = [
  { text: 'Kêu gọi thành lập công đoàn độc lập ngoài hệ thống, anh em công nhân hãy tham gia.', unit: 'hanoi' },
  { text: 'Công ty nợ lương hai tháng, tiền tăng ca cũng bị cắt, công nhân rất bức xúc.', unit: 'hanoi' },
  { text: 'Tiêm vắc xin làm thay đổi gen, đừng cho con đi tiêm nhé mọi người.', unit: 'hcm' },
  { text: 'Lương tháng này về trễ, nghe nói công đoàn đang làm việc với công ty.', unit: 'hcm' },
  { text: 'Hôm nay trời đẹp, cả nhà đi chơi công viên.', unit: 'hcm' },
];

async function seeded(db: Parameters<typeof createStore>[0]): Promise<{ store: Store; ids: number[] }> {
  const store = createStore(db);
  const r = await ingest(store, POSTS, { classifier, secret: SECRET });
  return { store, ids: r.ids };
}

describe.each(adapters())('queue filters and search on $name', (adapter) => {
  beforeAll(() => adapter.start(), 120_000);
  afterAll(() => adapter.stop());

  it('filters by label, unit, status and flow, newest first, keyset-paged', async () => {
    const { db } = await adapter.fresh();
    const { store, ids } = await seeded(db);
    const [union, pay, vaccine, late] = ids;
    const page = (f: Parameters<Store['queue']['page']>[0], sort: 'new' | 'score' = 'new', after?: { id: number; score?: number }) =>
      store.queue.page(f, sort, 10, after).then((rows) => rows.map((r) => r.id));
    expect(await page({})).toEqual([late, vaccine, pay, union]); // flagged only: the walk in the park is not
    expect(await page({ flaggedOnly: false })).toEqual([...ids].reverse());
    expect(await page({ label: 'grievance' })).toEqual([late, pay]);
    expect(await page({ unit: 'hcm' })).toEqual([late, vaccine]);
    expect(await page({ label: 'grievance', unit: 'hanoi' })).toEqual([pay]);
    expect(await page({ anyLabel: ['covid_false', 'independent_union'] })).toEqual([vaccine, union]);
    expect(await page({}, 'new', { id: vaccine })).toEqual([pay, union]);
    // By score (a tie goes to the newer item), then paged after the first.
    const byScore = await store.queue.page({ label: 'grievance' }, 'score', 1);
    expect(byScore.map((r) => r.id)).toEqual([late]);
    expect(await page({ label: 'grievance' }, 'score', { id: late, score: byScore[0].score! })).toEqual([pay]);
    expect(await page({ minScore: 0.75 })).toEqual([vaccine, union]);
    expect(await page({}, 'score')).toEqual([vaccine, union, late, pay]);

    await db.write(() => db.run(`UPDATE items SET status = 'in_review' WHERE id = ?`, [pay]));
    expect(await page({ status: 'in_review' })).toEqual([pay]);
    await db.write(() => db.run(`UPDATE items SET escalated = 1, flow_unit = 'tld' WHERE id = ?`, [union]));
    await db.write(() => db.run(`UPDATE items SET on_hold = 1, flow_unit = 'tld' WHERE id = ?`, [vaccine]));
    expect(await page({ flow: 'escalated' })).toEqual([union]);
    expect(await page({ flow: 'held', flowScope: 'tld' })).toEqual([vaccine]);
    expect(await page({ flow: 'held', flowScope: 'hanoi' })).toEqual([]);

    expect((await store.queue.labelCounts({})).counts).toEqual({ grievance: 2, independent_union: 1, covid_false: 1 });
    expect((await store.queue.labelCounts({ unit: 'hcm' })).counts).toEqual({ grievance: 1, covid_false: 1 });
    expect((await store.queue.labelsFor([pay])).map((l) => l.label)).toEqual(['grievance']);
    expect((await store.queue.plan({ label: 'grievance' }, 'new')).length).toBeGreaterThan(0);
    await store.close();
  });

  it('finds "công đoàn độc lập" from "cong doan doc lap", with phrases and AND/OR/NOT', async () => {
    const { db } = await adapter.fresh();
    const { store, ids } = await seeded(db);
    const [union, pay, vaccine, late] = ids;
    const search = async (q: string, f = {}) => {
      const parsed = parseSearch(q);
      if (!parsed.ok) throw new Error(parsed.error);
      return (await store.queue.page({ ...f, match: parsed.match }, 'new', 10)).map((r) => r.id);
    };
    expect(await search('cong doan doc lap')).toEqual([union]);
    expect(await search('CÔNG ĐOÀN độc lập')).toEqual([union]);
    expect(await search('"doan doc"')).toEqual([union]);
    expect(await search('"doc doan"')).toEqual([]); // a phrase keeps its order
    expect(await search('cong doan')).toEqual([late, union]);
    expect(await search('luong OR "vac xin"')).toEqual([late, vaccine, pay]);
    expect(await search('luong NOT (cong doan)')).toEqual([pay]);
    expect(await search('luong', { unit: 'hanoi' })).toEqual([pay]);
    expect(await search('cong doan', { label: 'grievance' })).toEqual([late]);
    expect(await search('doc')).toEqual([union]);
    expect(await search('cong doa')).toEqual([]); // whole words, as FTS5 matches them: no prefixes
    expect(await search('cong vien', { flaggedOnly: false })).toEqual([ids[4]]);
    const counts = await store.queue.labelCounts({ match: ftsQuery('cong doan')! });
    expect(counts).toEqual({ counts: { grievance: 1, independent_union: 1 }, capped: false });

    // The item search (exports, CLI) and the similar-item helpers read the same index.
    expect((await store.items.search('cong doan doc lap')).map((i) => i.id)).toEqual([union]);
    expect(ftsQuery('Vắc xin')).toBe('"vac" "xin"');
    expect((await store.queue.search(ftsQuery('cong doan')!, 10)).map((r) => r.id).sort()).toEqual([union, late].sort());
    expect((await store.queue.search(ftsQuery('cong doan')!, 10, [union])).map((r) => r.id)).toEqual([late]);
    const df = await store.queue.termFrequencies(['cong', 'luong', 'khong'], 10);
    expect(Object.fromEntries(df)).toEqual({ cong: 4, luong: 2, khong: 0 });
    expect((await store.queue.termFrequencies(['cong'], 2)).get('cong')).toBe(3); // capped at cap + 1
    await store.close();
  });
});
