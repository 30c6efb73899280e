import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingest } from '../../../src/jobs/ingest.js';
import { prepareItem } from '../../../src/pipeline/prepare-item.js';
import { createStore } from '../../../src/storage/store.js';
import { distinctPosts, keywordClassifier, nullClassifier, SECRET } from '../../helpers/foundation.js';
import { adapters, postgresAdapter } from './adapters.js';

// Ingest and dedupe on both adapters: one item per text, every later copy a sighting, and no
// duplicate when two nodes ingest the same posts at the same moment.
const post =
  'Công nhân Công ty TNHH May Hòa Bình phản ánh đã hai tháng chưa được trả lương, tiền tăng ca cũng bị cắt. ' +
  'Nhiều người làm đơn gửi ban giám đốc nhưng chưa được trả lời, công đoàn cơ sở hứa làm việc với công ty trong tuần này.';
const opts = { classifier: nullClassifier, secret: SECRET };

describe.each(adapters())('items and ingest on $name', (adapter) => {
  beforeAll(() => adapter.start(), 120_000);
  afterAll(() => adapter.stop());

  it('stores a post once: exact, URL and near copies become sightings of the first', async () => {
    const { db } = await adapter.fresh();
    const store = createStore(db);
    const first = await ingest(store, [{ text: post, url: 'https://baomoi.example/cong-doan-123.html', source: 'forum-a', author: 'Nguyễn Văn A' }], { ...opts, classifier: keywordClassifier });
    expect(first).toMatchObject({ imported: 1, duplicates: 0 });
    const id = first.ids[0];
    const again = await ingest(
      store,
      [
        { text: post.normalize('NFD'), source: 'forum-b' },
        { text: 'Bài đã sửa hẳn tiêu đề và nội dung', url: 'http://www.baomoi.example/cong-doan-123.html?utm_source=facebook' },
        { text: post.replace(' cũng', '') },
      ],
      opts,
    );
    expect(again).toMatchObject({ imported: 0, duplicates: 3 });
    expect(again.outcomes.map((o) => o.status === 'duplicate' && [o.id, o.kind])).toEqual([
      [id, 'exact'],
      [id, 'url'],
      [id, 'near'],
    ]);
    expect(await store.items.count()).toBe(1);
    const item = await store.items.get(id);
    expect(item).toMatchObject({ id, sourceId: 'forum-a', duplicateCount: 3, flagged: true, labels: ['grievance'] });
    expect(item?.authorPseudonym).toMatch(/^tg-[0-9a-f]{8}$/);
    const sightings = await store.items.sightings(id);
    expect(sightings.map((s) => [s.kind, s.source_id])).toEqual([
      ['exact', 'forum-b'],
      ['url', 'import'],
      ['near', 'import'],
    ]);
    expect(sightings[2].distance).toBeLessThanOrEqual(3);
    // New ids follow on in order (PostgreSQL's sequence may leave a gap where a batch stored nothing).
    const more = await ingest(store, distinctPosts(3).map((text) => ({ text })), opts);
    expect(more.ids[0]).toBeGreaterThan(id);
    expect(more.ids).toEqual([more.ids[0], more.ids[0] + 1, more.ids[0] + 2]);
    expect(await store.items.count()).toBe(4);
    await store.close();
  });

  it('two nodes ingesting the same posts at once store each text once', async () => {
    const { db, connect } = await adapter.fresh();
    const other = await connect();
    const nodes = [createStore(db), createStore(other)];
    const posts = distinctPosts(80, 7).map((text, i) => ({ text, url: `https://forum.example/t/${i}` }));
    // Different batch sizes and orders, so the two transactions interleave differently.
    const results = await Promise.all([
      ingest(nodes[0], posts, { ...opts, batchSize: 10 }),
      ingest(nodes[1], [...posts].reverse(), { ...opts, batchSize: 25 }),
    ]);
    expect(results[0].imported + results[1].imported).toBe(80);
    expect(results[0].duplicates + results[1].duplicates).toBe(80);
    expect(await nodes[0].items.count()).toBe(80);
    const ids = [...results[0].ids, ...results[1].ids];
    expect(new Set(ids).size).toBe(80);
    // Every duplicate points at a stored item, and each item has exactly one sighting.
    let sightings = 0;
    for (const id of ids) sightings += (await nodes[1].items.sightings(id)).length;
    expect(sightings).toBe(80);
    await other.close();
    await db.close();
  });
});

// PostgreSQL only: SQLite has one writer whatever the posts, so there is nothing to compare there.
describe('ingest key locks on postgres', () => {
  const adapter = postgresAdapter();
  beforeAll(() => adapter.start(), 120_000);
  afterAll(() => adapter.stop());

  // PostgreSQL locks a batch's dedupe keys only (issue 16:
  // one lock for all of ingest made two workers store no faster than one).
  it('a batch of other posts is stored while a batch in flight holds its keys', async () => {
    const { db, connect } = await adapter.fresh();
    const other = await connect();
    const [a, b] = [createStore(db), createStore(other)];
    const mine = distinctPosts(20, 11).map((text, i) => ({ text, url: `https://forum.example/a/${i}` }));
    const theirs = distinctPosts(20, 12).map((text, i) => ({ text, url: `https://forum.example/b/${i}` }));
    let done!: () => void;
    const holding = new Promise<void>((r) => (done = r));
    let locked!: () => void;
    const taken = new Promise<void>((r) => (locked = r));
    const inFlight = a.write(async () => {
      await a.items.lockIngest(mine.map((p) => prepareItem(p, 'import').key));
      locked();
      await holding;
    });
    await taken;
    // Resolves only if ingest does not wait for the transaction above (which waits for it).
    const r = await ingest(b, theirs, opts);
    expect(r.imported).toBe(20);
    done();
    await inFlight;
    expect((await ingest(b, mine, opts)).imported).toBe(20);
    await other.close();
    await db.close();
  });
});
