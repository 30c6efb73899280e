import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ingest } from '../../src/jobs/ingest.js';
import { simhashToSigned, type Simhash } from '../../src/pipeline/simhash.js';
import type { Store } from '../../src/storage/store.js';
import { keywordClassifier, nullClassifier, SECRET, tempStore } from '../helpers/foundation.js';

let store: Store;
beforeEach(async () => {
  ({ store } = await tempStore());
});
afterEach(async () => {
  await store.close();
});

const posts = [
  { text: 'Kêu gọi anh em công nhân thành lập công đoàn độc lập, không cần tổ chức công đoàn cơ sở nữa!', author: 'Trần Thị Mai' },
  { text: 'Công ty chậm trả tiền lương tháng 5 cho hơn 300 người lao động ở khu công nghiệp.', title: 'Chậm lương' },
  { text: 'Uống nước chanh nóng mỗi sáng chữa khỏi COVID-19, không cần tiêm vắc xin.' },
];

describe('items: full-text search', () => {
  beforeEach(async () => {
    await ingest(store, posts, { classifier: nullClassifier, secret: SECRET });
  });

  it('finds Vietnamese text from a query typed without diacritics', async () => {
    const hits = await store.items.search('cong doan doc lap');
    expect(hits.map((h) => h.text)).toEqual([posts[0].text]);
    expect((await store.items.search('CÔNG ĐOÀN độc lập'))[0].text).toBe(posts[0].text);
    expect((await store.items.search('vac xin'))[0].text).toBe(posts[2].text);
  });

  it('searches the title too, and ANDs the terms', async () => {
    expect((await store.items.search('cham luong')).map((h) => h.title)).toEqual(['Chậm lương']);
    expect(await store.items.search('cong doan vac xin')).toEqual([]);
  });

  it('treats FTS syntax in user input as plain words', async () => {
    for (const q of ['"', 'NEAR(cong doan)', 'cong*', '-cong', 'text:cong', 'a OR', '(((', "'; DROP TABLE items; --"]) {
      await expect(store.items.search(q)).resolves.toBeInstanceOf(Array);
    }
    expect(await store.items.search('   ')).toEqual([]);
    expect(await store.items.count()).toBe(3);
  });
});

describe('items: authors and pseudonyms', () => {
  it('keeps the raw author only in item_authors', async () => {
    const { ids } = await ingest(store, posts, { classifier: nullClassifier, secret: SECRET });
    const item = await store.items.get(ids[0]);
    expect(item?.authorPseudonym).toMatch(/^tg-[0-9a-f]{8}$/);
    expect(JSON.stringify(item)).not.toContain('Mai');
    const tables = await store.db.all<{ name: string }>(
      "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'items_fts%' AND name <> 'item_authors'",
    );
    for (const { name } of tables) {
      const rows = await store.db.all(`SELECT * FROM "${name}"`);
      expect(JSON.stringify(rows), name).not.toContain('Trần Thị Mai');
    }
    expect(await store.db.get('SELECT raw_author FROM item_authors WHERE item_id = ?', [ids[0]])).toEqual({ raw_author: 'Trần Thị Mai' });
  });
});

describe('items: near-duplicate lookup', () => {
  it('finds stored fingerprints within Hamming distance 3 through the bands', async () => {
    const { ids } = await ingest(store, [{ text: 'một hai ba bốn năm sáu bảy tám chín mười mười một mười hai' }], {
      classifier: nullClassifier,
      secret: SECRET,
    });
    const row = (await store.db.get<{ sh0: number; sh1: number; sh2: number; sh3: number; s: string }>(
      'SELECT sh0, sh1, sh2, sh3, CAST(simhash AS TEXT) AS s FROM items WHERE id = ?',
      [ids[0]],
    ))!;
    const stored: Simhash = { hi: ((row.sh0 << 16) | row.sh1) >>> 0, lo: ((row.sh2 << 16) | row.sh3) >>> 0 };
    expect(BigInt(row.s)).toBe(simhashToSigned(stored));
    // flip one bit in three different bands, then in all four
    const three = { hi: (stored.hi ^ 0x00010001) >>> 0, lo: (stored.lo ^ 0x00010000) >>> 0 };
    const four = { hi: (stored.hi ^ 0x00010001) >>> 0, lo: (stored.lo ^ 0x00010001) >>> 0 };
    expect(await store.items.findNearDuplicate(stored)).toEqual({ id: ids[0], distance: 0 });
    expect(await store.items.findNearDuplicate(three)).toEqual({ id: ids[0], distance: 3 });
    expect(await store.items.findNearDuplicate(four)).toBeNull();
  });
});

describe('classifications', () => {
  it('stores details and the queue summary, and re-saving replaces them', async () => {
    const { ids } = await ingest(store, posts, { classifier: keywordClassifier, secret: SECRET });
    const pay = await store.items.get(ids[1]);
    expect(pay).toMatchObject({ flagged: true, labels: ['grievance'], maxScore: 0.9 });
    expect(pay?.classifiedAt).not.toBeNull();
    expect(await store.items.get(ids[0])).toMatchObject({ flagged: false, labels: [], maxScore: 0.1 });
    expect((await store.classifications.get(ids[1]))?.version).toBe('test-1');

    await store.db.write(() =>
      store.classifications.saveMany([
        { itemId: ids[1], classifiedAt: '2025-01-01T00:00:00.000Z', classification: { labels: ['covid_false'], scores: { covid_false: 0.7 }, reasons: [], version: 'v2' } },
      ]),
    );
    expect(await store.items.get(ids[1])).toMatchObject({ labels: ['covid_false'], maxScore: 0.7, classifiedAt: '2025-01-01T00:00:00.000Z' });
    expect((await store.items.list({ flagged: true })).map((i) => i.id)).toEqual([ids[1]]);
    const stats = await store.stats.summary();
    expect(stats).toMatchObject({ items: 3, classified: 3, flagged: 1, byLabel: { covid_false: 1 } });
  });

  it('leaves items honestly unclassified with the null classifier', async () => {
    await ingest(store, posts, { classifier: nullClassifier, secret: SECRET });
    expect(await store.stats.summary()).toMatchObject({ items: 3, classified: 0, unclassified: 3, flagged: 0, byLabel: {} });
    expect(await store.db.get('SELECT count(*) AS n FROM classifications')).toEqual({ n: 0 });
  });
});

describe('listing and iteration', () => {
  it('pages newest first by id and iterates everything in constant-size pages', async () => {
    const many = Array.from({ length: 23 }, (_, i) => ({ text: `Bài số ${i} về công đoàn cơ sở` }));
    await ingest(store, many, { classifier: nullClassifier, secret: SECRET });
    const first = await store.items.list({ limit: 10 });
    expect(first.map((i) => i.id)).toEqual([23, 22, 21, 20, 19, 18, 17, 16, 15, 14]);
    expect((await store.items.list({ limit: 10, beforeId: 14 }))[0].id).toBe(13);
    const seen: number[] = [];
    for await (const it of store.items.iterate(5)) seen.push(it.id);
    expect(seen).toEqual(Array.from({ length: 23 }, (_, i) => i + 1));
  });
});

describe('sources and settings', () => {
  it('ensureMany keeps existing sources; upsert replaces their configuration', async () => {
    await store.sources.upsert({ id: 'forum-a', name: 'Diễn đàn A', type: 'html', unit: 'LĐLĐ Bình Dương', config: { x: 1 } });
    await store.sources.ensureMany([{ id: 'forum-a', type: 'import' }, { id: 'tip', type: 'tip' }]);
    expect(await store.sources.get('forum-a')).toMatchObject({ name: 'Diễn đàn A', type: 'html', config: { x: 1 }, enabled: true });
    expect(await store.sources.get('tip')).toMatchObject({ name: 'tip', type: 'tip' });
    await store.sources.upsert({ id: 'forum-a', type: 'rss', enabled: false });
    expect(await store.sources.get('forum-a')).toMatchObject({ name: 'forum-a', type: 'rss', enabled: false, unit: null });
    expect((await store.sources.list()).map((s) => s.id)).toEqual(['forum-a', 'tip']);
  });

  it('items inherit the unit of their source when they name none', async () => {
    await store.sources.upsert({ id: 'forum-a', type: 'html', unit: 'CĐ Khu CN Sóng Thần' });
    const { ids } = await ingest(store, [{ text: 'Tin từ diễn đàn', source: 'forum-a' }, { text: 'Tin khác', source: 'forum-a', unit: 'X' }], {
      classifier: nullClassifier,
      secret: SECRET,
    });
    expect((await store.items.get(ids[0]))?.unit).toBe('CĐ Khu CN Sóng Thần');
    expect((await store.items.get(ids[1]))?.unit).toBe('X');
  });

  it('settings store JSON values', async () => {
    expect(await store.settings.get('demo')).toBeUndefined();
    await store.settings.set('demo', { importedAt: 'x', n: 2 });
    expect(await store.settings.get('demo')).toEqual({ importedAt: 'x', n: 2 });
    await store.settings.delete('demo');
    expect(await store.settings.get('demo')).toBeUndefined();
  });
});
