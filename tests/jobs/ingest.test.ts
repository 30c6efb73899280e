import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ingest } from '../../src/jobs/ingest.js';
import type { Store } from '../../src/storage/store.js';
import { distinctPosts, keywordClassifier, nullClassifier, SECRET, tempStore } from '../helpers/foundation.js';

let store: Store;
beforeEach(async () => {
  ({ store } = await tempStore());
});
afterEach(async () => {
  await store.close();
});

const opts = { classifier: nullClassifier, secret: SECRET };
const post =
  'Công nhân Công ty TNHH May Hòa Bình phản ánh đã hai tháng chưa được trả lương, tiền tăng ca cũng bị cắt. ' +
  'Nhiều người làm đơn gửi ban giám đốc nhưng chưa được trả lời, công đoàn cơ sở hứa làm việc với công ty trong tuần này.';

describe('ingest: dedupe', () => {
  it('counts an NFD copy and an old-tone-placement copy as exact duplicates of the first', async () => {
    const r = await ingest(store, [{ text: post }, { text: post.normalize('NFD'), source: 'forum-b' }, { text: post.replace('Hòa', 'Hoà') }], opts);
    expect(r).toMatchObject({ imported: 1, duplicates: 2 });
    expect(r.outcomes.map((o) => o.status)).toEqual(['new', 'duplicate', 'duplicate']);
    expect(r.outcomes[1]).toMatchObject({ id: r.ids[0], kind: 'exact' });
    expect(await store.items.get(r.ids[0])).toMatchObject({ duplicateCount: 2 });
    expect((await store.items.sightings(r.ids[0])).map((s) => [s.kind, s.source_id])).toEqual([
      ['exact', 'forum-b'],
      ['exact', 'import'],
    ]);
  });

  it('treats a tracking-parameter variant of a URL as the same item, across calls', async () => {
    const first = await ingest(store, [{ text: 'Bài báo bản đầu', url: 'https://baomoi.example/cong-doan-123.html' }], opts);
    const again = await ingest(
      store,
      [{ text: 'Bài báo bản đã sửa tiêu đề', url: 'http://www.baomoi.example/cong-doan-123.html?utm_source=facebook&fbclid=IwAR1#binh-luan' }],
      opts,
    );
    expect(again).toMatchObject({ imported: 0, duplicates: 1 });
    expect(again.outcomes[0]).toMatchObject({ status: 'duplicate', id: first.ids[0], kind: 'url' });
    const [s] = await store.items.sightings(first.ids[0]);
    expect(s.url).toContain('utm_source=facebook');
  });

  it('links a lightly edited repost as a near duplicate with its distance', async () => {
    const r = await ingest(store, [{ text: post }, { text: post.replace(' cũng', '') }, { text: `${post} #congdoan` }], opts);
    expect(r.outcomes.slice(1)).toMatchObject([
      { status: 'duplicate', id: r.ids[0], kind: 'near' },
      { status: 'duplicate', id: r.ids[0], kind: 'near' },
    ]);
    const sightings = await store.items.sightings(r.ids[0]);
    expect(sightings.map((s) => s.kind)).toEqual(['near', 'near']);
    for (const s of sightings) expect(s.distance).toBeLessThanOrEqual(3);
  });

  it('keeps different posts and short replies apart', async () => {
    const r = await ingest(
      store,
      [
        { text: post },
        { text: 'Bộ Y tế khuyến cáo người dân tiêm nhắc lại vắc xin cúm mùa theo hướng dẫn của bác sĩ tại trạm y tế phường.' },
        { text: 'Đúng rồi' },
        { text: 'Đúng vậy' },
        { text: '👍👍' },
        { text: '🙏' },
      ],
      opts,
    );
    expect(r).toMatchObject({ imported: 6, duplicates: 0 });
  });

  it('never loses a duplicate: sightings + duplicate_count equal the copies ingested', async () => {
    const texts = distinctPosts(300);
    const raws = Array.from({ length: 1200 }, (_, i) => ({ text: texts[i % 300] }));
    const r = await ingest(store, raws, { ...opts, batchSize: 250 });
    expect(r).toMatchObject({ imported: 300, duplicates: 900 });
    expect(await store.db.get('SELECT count(*) AS n, sum(duplicate_count) AS d FROM items')).toEqual({ n: 300, d: 900 });
    expect(await store.db.get('SELECT count(*) AS n FROM item_sightings')).toEqual({ n: 900 });
  });
});

describe('ingest: sources, classification, concurrency', () => {
  it('creates unknown sources with the given type and keeps known ones', async () => {
    await store.sources.upsert({ id: 'forum-a', name: 'Diễn đàn A', type: 'html' });
    await ingest(store, [{ text: 'Một tin báo', source: 'tip-web' }, { text: 'Tin diễn đàn', source: 'forum-a' }], { ...opts, sourceType: 'tip' });
    expect(await store.sources.get('tip-web')).toMatchObject({ type: 'tip' });
    expect(await store.sources.get('forum-a')).toMatchObject({ type: 'html', name: 'Diễn đàn A' });
  });

  it('classifies new items only and stores the summary', async () => {
    let calls = 0;
    const counting = { version: 'c', classify: (i: { text: string }) => (calls++, keywordClassifier.classify(i)) };
    const r = await ingest(store, [{ text: post }, { text: post }], { classifier: counting, secret: SECRET });
    expect(calls).toBe(1);
    expect(await store.items.get(r.ids[0])).toMatchObject({ flagged: true, labels: ['grievance'] });
  });

  it('stores each text once when two ingests race on the same store', async () => {
    const a = distinctPosts(400).map((text) => ({ text }));
    const [r1, r2] = await Promise.all([ingest(store, a, { ...opts, batchSize: 100 }), ingest(store, [...a].reverse(), { ...opts, batchSize: 100 })]);
    expect(r1.imported + r2.imported).toBe(400);
    expect(r1.duplicates + r2.duplicates).toBe(400);
    expect(await store.items.count()).toBe(400);
  });
});

describe('ingest: a classifier failure', () => {
  it('stores that one item unclassified, classifies the rest of the batch, and says which item failed', async () => {
    const failures: Array<{ id: number; message: string }> = [];
    const flaky = {
      version: 'flaky-1',
      classify(input: { text: string }) {
        if (input.text.includes('BOOM')) throw new Error('model file corrupt');
        return keywordClassifier.classify(input);
      },
    };
    const r = await ingest(store, [{ text: post }, { text: 'BOOM: chưa trả lương tháng này' }, { text: 'Công ty nợ lương ba tháng' }], {
      classifier: flaky,
      secret: SECRET,
      onClassifyError: (err, item) => failures.push({ id: item.id, message: (err as Error).message }),
    });
    expect(r).toMatchObject({ imported: 3, unclassified: 1 });
    expect(r.outcomes[1]).toEqual({ status: 'new', id: r.ids[1], unclassified: true });
    expect(failures).toEqual([{ id: r.ids[1], message: 'model file corrupt' }]);
    expect(await store.classifications.get(r.ids[1])).toBeUndefined();
    expect((await store.classifications.get(r.ids[0]))?.labels).toEqual(['grievance']);
    expect((await store.classifications.get(r.ids[2]))?.labels).toEqual(['grievance']);
    expect((await store.items.get(r.ids[1]))?.text).toContain('BOOM');
  });
});
