import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ingest } from '../../src/jobs/ingest.js';
import { subjectHash } from '../../src/privacy/subject-hash.js';
import type { Store } from '../../src/storage/store.js';
import { nullClassifier, SECRET, tempStore } from '../helpers/foundation.js';

let store: Store;
beforeEach(async () => {
  ({ store } = await tempStore());
  await store.db.write(() =>
    store.suppressions.add([
      { hash: subjectHash('handle', 'Bi.An', SECRET), kind: 'handle', requestId: null },
      { hash: subjectHash('url', 'https://mxh.example/p/9', SECRET), kind: 'url', requestId: null },
    ], '2026-11-20T00:00:00Z'),
  );
});
afterEach(async () => {
  await store.close();
});

const opts = { classifier: nullClassifier, secret: SECRET };
const text = (n: number) => `Bài số ${n} về chuyện tăng ca ở xưởng may, công nhân phản ánh chưa được trả tiền đúng hạn lần ${n}.`;

describe('ingest: suppression list', () => {
  it('skips suppressed authors (any spelling) and URLs (any tracking variant), keeping outcomes in input order', async () => {
    const r = await ingest(store, [
      { text: text(1), author: '@BI.AN' },
      { text: text(2), author: 'someone' },
      { text: text(3), url: 'http://www.mxh.example/p/9/?utm_source=zalo', author: 'someone.else' },
      { text: text(4) },
    ], { ...opts, batchSize: 2 });
    expect(r).toMatchObject({ imported: 2, duplicates: 0, suppressed: 2 });
    expect(r.outcomes.map((o) => o.status)).toEqual(['suppressed', 'new', 'suppressed', 'new']);
    expect((await store.db.all<{ text: string }>('SELECT text FROM items ORDER BY id')).map((x) => x.text)).toEqual([text(2), text(4)]);
  });

  it('a suppressed post is neither stored nor the first copy of a later one in the same batch', async () => {
    const r = await ingest(store, [{ text: text(5), author: 'bi.an' }, { text: text(5), author: 'nguoi.khac' }, { text: text(5), author: 'nguoi.thu.ba' }], opts);
    expect(r.outcomes.map((o) => o.status)).toEqual(['suppressed', 'new', 'duplicate']);
    expect(r.outcomes[2]).toMatchObject({ id: r.ids[0], kind: 'exact' });
    expect(await store.db.all('SELECT author_pseudonym FROM item_sightings')).toHaveLength(1);
  });
});
