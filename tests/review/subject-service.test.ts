import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ingest } from '../../src/jobs/ingest.js';
import { pseudonymize } from '../../src/privacy/pseudonymize.js';
import { subjectHash } from '../../src/privacy/subject-hash.js';
import { acknowledgeRequest, closeRequest, createRequest, eraseForRequest, exportForRequest, findForRequest, SubjectRequestError } from '../../src/review/subject-service.js';
import { openStore, type Store } from '../../src/storage/store.js';
import type { Classification, Classifier } from '../../src/types.js';
import { SECRET, tempDir } from '../helpers/foundation.js';

const T = '2026-11-20T03:00:00.000Z';
const NOW = new Date('2026-11-25T03:00:00.000Z');
const TZ = 'Asia/Ho_Chi_Minh';
const cli = { id: null, username: 'cli:test' };
const meta = { now: NOW };

const flagger: Classifier = {
  version: 'test-subject-1',
  classify({ text }): Classification {
    const hit = /lương/i.test(text);
    return { labels: hit ? ['grievance'] : [], scores: { grievance: hit ? 0.9 : 0.1 }, reasons: [], version: 'test-subject-1' };
  },
};

// The subject (P) posts as "@Hoang.Zuyen"; others must never show up in P's export.
const P = 'Hoang.Zuyen';
const SHARED = 'Bài đăng Qarvelstone về việc xưởng may Đồngxoan chậm trả lương ba tháng, công nhân đã gửi đơn lên công đoàn.';
const posts = {
  p1: { text: 'Zorblatkovic kể xưởng Quỳnhxoăn nợ lương công nhân ba tháng liền, tổ trưởng không trả lời.', title: 'Nợ lương Quỳnhxoăn', url: 'https://mxh.example/p/zuyen-1', author: `@${P}`, source: 'mxh' },
  p2: { text: 'Wexmoorfield nói nhà máy Nghiêmtrạch cắt tiền tăng ca của tổ may số bốn từ tháng trước.', url: 'https://mxh.example/p/zuyen-2?utm_source=fb', author: 'hoang.zuyen', source: 'mxh' },
  // Q posted SHARED first; P's later identical post is only a sighting of Q's item.
  q1: { text: SHARED, title: 'Tiêu đề của Quorvek', url: 'https://mxh.example/p/quorvek-1', author: 'Quorvek.Pham', source: 'mxh' },
  pCopy: { text: SHARED, url: 'https://forum.example/t/zuyen-copy', author: P, source: 'forum' },
  // R re-posts P's first post: a sighting of P's item, but R's own.
  rCopy: { text: 'Zorblatkovic kể xưởng Quỳnhxoăn nợ lương công nhân ba tháng liền, tổ trưởng không trả lời.', url: 'https://forum.example/t/rastik-9', author: 'Rastik', source: 'forum' },
  q2: { text: 'Ulvendrastik báo công ty Thạchbàn chậm trả lương tháng năm cho công nhân.', url: 'https://mxh.example/p/quorvek-2', author: 'Quorvek.Pham', source: 'mxh' },
  // Same pseudonym planted below but another raw handle: a pseudonym collision must not count.
  collide: { text: 'Bài của người khác Xylophanta, trùng mã bút danh nhưng khác tài khoản.', url: 'https://mxh.example/p/xylo-1', author: 'Xylo.Other', source: 'mxh' },
};

let dir: string;
let dbPath: string;
let store: Store;
let ids: Record<string, number>;

beforeEach(async () => {
  dir = tempDir('kc-subject-');
  dbPath = join(dir, 'kc.db');
  store = await openStore(dbPath);
  const r = await ingest(store, [posts.p1, posts.p2, posts.q1, posts.pCopy, posts.rCopy, posts.q2, posts.collide], { classifier: flagger, secret: SECRET, now: new Date(T) });
  expect(r).toMatchObject({ imported: 5, duplicates: 2 });
  ids = { p1: r.ids[0], p2: r.ids[1], q1: r.ids[2], q2: r.ids[3], collide: r.ids[4] };
  await store.db.write(async () => {
    await store.sources.upsert({ id: 'mxh', name: 'Mạng xã hội mẫu', type: 'html', url: 'https://mxh.example/', unit: null, enabled: true, config: {} });
    await store.db.run('UPDATE items SET author_pseudonym = ? WHERE id = ?', [pseudonymize(P, SECRET), ids.collide]);
    const userId = await store.users.create({ username: 'reviewer.quan', role: 'reviewer', unit: null, passwordHash: 'x', now: T });
    const claimId = await store.claims.create({ statement: 'Xưởng Quỳnhxoăn nợ lương', label: 'grievance', unit: null, userId, now: T });
    await store.claims.setMember({ claimId, itemId: ids.p1, state: 'confirmed', userId, now: T });
    await store.claims.setMember({ claimId, itemId: ids.q2, state: 'confirmed', userId, now: T });
    await store.verdicts.add({ itemId: ids.p1, claimId, verdict: 'grievance', reason: 'nợ lương kéo dài', note: 'ghi chú nội bộ', userId, now: T });
    await store.verdicts.add({ itemId: ids.q1, claimId: null, verdict: 'accurate', reason: 'lý do về bài của Quorvek', note: null, userId, now: T });
    await store.grievances.upsert({ itemId: ids.p1, status: 'forwarded', unit: 'cd-may', note: null, userId, now: T });
  });
  expect(await store.evidence.enqueueFlagged([ids.p1, ids.q1], T, ['grievance'])).toBe(2);
  for (const id of [ids.p1, ids.q1]) {
    mkdirSync(join(dir, 'evidence', String(id)), { recursive: true });
    for (const f of ['page.html', 'page.png']) writeFileSync(join(dir, 'evidence', String(id), f), `<p>${id}</p>`);
    await store.evidence.complete(id, { capturedAt: T, finalUrl: `https://mxh.example/final/${id}`, htmlPath: `evidence/${id}/page.html`, htmlSha256: `sha-${id}`, pngPath: `evidence/${id}/page.png`, pngSha256: `png-${id}` });
  }
});
afterEach(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

const newRequest = (kind: 'access' | 'deletion', type: 'handle' | 'url', value: string) =>
  createRequest(store, { kind, type, value, requester: 'zuyen@example.vn', note: 'qua email' }, { secret: SECRET, timeZone: TZ, actor: cli, meta });

describe('subject requests: find and export', () => {
  it('finds a handle’s own items (raw handle confirmed) and sightings, not a pseudonym collision', async () => {
    const id = await newRequest('access', 'handle', 'HOANG.ZUYEN');
    const m = await findForRequest(store, id, SECRET, cli, meta);
    expect(m.itemIds).toEqual([ids.p1, ids.p2]);
    expect(m.unconfirmedIds).toEqual([]);
    expect(m.sightingIds).toHaveLength(1);
    expect((await store.subjectRequests.get(id))?.itemsFound).toBe(2);
  });

  it('an item whose raw handle is gone is erased with the rest but never exported (it cannot be confirmed)', async () => {
    await store.db.run('DELETE FROM item_authors WHERE item_id = ?', [ids.p2]);
    const access = await newRequest('access', 'handle', P);
    const out = await exportForRequest(store, access, SECRET, cli, meta);
    expect(out.counts).toEqual({ items: 1, sightings: 1, notExported: 1 });
    expect(JSON.stringify(out)).not.toContain('Wexmoorfield');
    const deletion = await newRequest('deletion', 'handle', P);
    expect(await eraseForRequest(store, deletion, { secret: SECRET, dataDir: dir, actor: cli, meta })).toMatchObject({ items: 2 });
    expect(await store.db.get('SELECT id FROM items WHERE id = ?', [ids.p2])).toBeUndefined();
  });

  it('exports everything stored for the handle and nothing about other authors', async () => {
    const id = await newRequest('access', 'handle', `@${P}`);
    const out = await exportForRequest(store, id, SECRET, cli, meta);
    expect(out.counts).toEqual({ items: 2, sightings: 1, notExported: 0 });
    const [a, b] = out.items;
    expect(a).toMatchObject({
      url: posts.p1.url, title: posts.p1.title, text: posts.p1.text, collectedAt: T, author: `@${P}`,
      source: { id: 'mxh', name: 'Mạng xã hội mẫu' },
      labels: [{ label: 'grievance', score: 0.9 }],
      verdicts: [{ verdict: 'grievance', reason: 'nợ lương kéo dài', date: T }],
      claims: [{ statement: 'Xưởng Quỳnhxoăn nợ lương', membership: 'confirmed' }],
      grievance: { status: 'forwarded' },
      evidence: { capturedAt: T, htmlSha256: `sha-${ids.p1}`, finalUrl: `https://mxh.example/final/${ids.p1}` },
    });
    expect(b).toMatchObject({ url: posts.p2.url, text: posts.p2.text, author: 'hoang.zuyen', verdicts: [], claims: [], grievance: null, evidence: null });
    expect(out.sightings).toEqual([{ url: posts.pCopy.url, seenAt: T, source: { id: 'forum', name: expect.any(String) }, copyKind: 'exact' }]);
    const json = JSON.stringify(out);
    // Nothing of Q (whose item P's copy duplicates), R (who copied P), the collision or the reviewer.
    for (const other of ['Quorvek', 'quorvek-1', 'Tiêu đề của Quorvek', 'Qarvelstone', 'Rastik', 'rastik-9', 'Ulvendrastik', 'Xylo', 'reviewer.quan', 'ghi chú nội bộ', pseudonymize('Quorvek.Pham', SECRET)]) {
      expect(json, other).not.toContain(other);
    }
    expect((await store.subjectRequests.get(id))?.exportedAt).toBe(NOW.toISOString());
  });

  it('finds by URL in canonical form (items and sightings), without the poster’s handle in the export', async () => {
    const id = await newRequest('access', 'url', 'http://www.mxh.example/p/zuyen-2/?fbclid=abc');
    const out = await exportForRequest(store, id, SECRET, cli, meta);
    expect(out.items.map((i) => i.url)).toEqual([posts.p2.url]);
    expect(out.items[0]).not.toHaveProperty('author');
    const sightingReq = await newRequest('access', 'url', 'https://forum.example/t/rastik-9');
    const m = await findForRequest(store, sightingReq, SECRET, cli, meta);
    expect(m).toMatchObject({ itemIds: [], sightingIds: [expect.any(Number)] });
  });

  it('puts request ids, kinds and counts in the audit log, never the handle, URL or requester', async () => {
    const id = await newRequest('deletion', 'handle', P);
    await acknowledgeRequest(store, id, cli, meta);
    await findForRequest(store, id, SECRET, cli, meta);
    await exportForRequest(store, id, SECRET, cli, meta);
    await eraseForRequest(store, id, { secret: SECRET, dataDir: dir, actor: cli, meta });
    const rows = await store.db.all<{ action: string; target_id: string; detail: string; username: string }>("SELECT action, target_id, detail, username FROM audit_log WHERE target_type = 'subject_request'");
    expect(rows.map((r) => r.action)).toEqual(['subject_request', 'subject_acknowledge', 'subject_find', 'subject_export', 'subject_delete']);
    expect(rows.every((r) => r.target_id === String(id) && r.username === 'cli:test')).toBe(true);
    const all = JSON.stringify(await store.db.all('SELECT * FROM audit_log'));
    for (const secretish of [P.toLowerCase(), 'Zuyen', 'zuyen', 'example.vn', pseudonymize(P, SECRET)]) expect(all, secretish).not.toContain(secretish);
  });

  it('rejects bad input and actions on closed requests', async () => {
    await expect(newRequest('access', 'url', 'not a url')).rejects.toThrow(SubjectRequestError);
    await expect(newRequest('access', 'handle', '@@ ')).rejects.toThrow(/empty/);
    await expect(createRequest(store, { kind: 'access', type: 'handle', value: P, receivedOn: '2026-12-01' }, { secret: SECRET, timeZone: TZ, actor: cli, meta })).rejects.toThrow(/future/);
    await expect(createRequest(store, { kind: 'access', type: 'handle', value: P, receivedOn: '2026-02-30' }, { secret: SECRET, timeZone: TZ, actor: cli, meta })).rejects.toThrow(/not a date/);
    const id = await newRequest('access', 'handle', P);
    await closeRequest(store, id, 'rejected', 'không xác minh được danh tính', cli, meta);
    const r = await store.subjectRequests.get(id);
    expect(r).toMatchObject({ status: 'rejected', subjectValue: null, requester: null, note: 'qua email\nkhông xác minh được danh tính' });
    await expect(findForRequest(store, id, SECRET, cli, meta)).rejects.toThrow(/closed/);
    // The requester's contact is gone from the file and its WAL, not just from the row.
    const bytes = Buffer.concat([readFileSync(dbPath), existsSync(`${dbPath}-wal`) ? readFileSync(`${dbPath}-wal`) : Buffer.alloc(0)]);
    expect(bytes.includes(Buffer.from('zuyen@example.vn'))).toBe(false);
  });
});

describe('subject requests: delete', () => {
  it('erases the handle’s items and sightings, suppresses handle and URLs, closes the request, keeps the others', async () => {
    const id = await newRequest('deletion', 'handle', P);
    const r = await eraseForRequest(store, id, { secret: SECRET, dataDir: dir, actor: cli, meta });
    expect(r).toMatchObject({ items: 2, erase: { deleted: 1, scrubbed: 1 } });
    // p1 carried a verdict, claim and grievance: a shell; p2 is gone; P's sighting of Q's item is gone.
    expect(await store.db.get('SELECT text, url, author_pseudonym AS a, erased_at AS e FROM items WHERE id = ?', [ids.p1])).toMatchObject({ url: null, a: null, e: expect.any(String) });
    expect(await store.db.get('SELECT id FROM items WHERE id = ?', [ids.p2])).toBeUndefined();
    expect(await store.db.all('SELECT id FROM item_sightings WHERE author_pseudonym = ?', [pseudonymize(P, SECRET)])).toEqual([]);
    expect(await store.db.get('SELECT duplicate_count AS n FROM items WHERE id = ?', [ids.q1])).toEqual({ n: 0 });
    expect(existsSync(join(dir, 'evidence', String(ids.p1)))).toBe(false);
    expect(existsSync(join(dir, 'evidence', String(ids.q1), 'page.html'))).toBe(true);
    for (const k of ['q1', 'q2', 'collide']) expect(await store.db.get('SELECT erased_at AS e FROM items WHERE id = ?', [ids[k]])).toEqual({ e: null });

    const hashes = [subjectHash('handle', P, SECRET), subjectHash('url', posts.p1.url, SECRET), subjectHash('url', posts.p2.url, SECRET), subjectHash('url', posts.pCopy.url, SECRET)];
    expect((await store.suppressions.has(hashes)).size).toBe(4);
    expect(await store.subjectRequests.get(id)).toMatchObject({ status: 'completed', subjectValue: null, requester: null, itemsErased: 2, closedAt: NOW.toISOString() });

    // Neither the handle nor the texts are left in the database file or its WAL.
    const bytes = Buffer.concat([readFileSync(dbPath), existsSync(`${dbPath}-wal`) ? readFileSync(`${dbPath}-wal`) : Buffer.alloc(0)]);
    for (const tok of ['Hoang.Zuyen', 'hoang.zuyen', 'zuyen@example.vn', 'Wexmoorfield', 'zuyen-copy']) expect(bytes.includes(Buffer.from(tok)), tok).toBe(false);

    // Re-ingest: P's posts (any URL) and P's URLs (any author) are skipped; others still come in.
    const again = await ingest(store, [
      { text: 'Bài mới hoàn toàn của Zuyên về tăng ca Vomberlind.', author: 'HOANG.ZUYEN' },
      { text: 'Một bài khác Pellucidor đăng lại ở cùng địa chỉ.', url: 'https://www.mxh.example/p/zuyen-2?utm_medium=x', author: 'someone' },
      posts.p1,
      { text: 'Bài mới của Quorvek Brindlemoss về ca đêm.', author: 'Quorvek.Pham' },
    ], { classifier: flagger, secret: SECRET, now: NOW });
    expect(again).toMatchObject({ imported: 1, duplicates: 0, suppressed: 3 });
    expect(again.outcomes.map((o) => o.status)).toEqual(['suppressed', 'suppressed', 'suppressed', 'new']);
  });

  it('a URL deletion erases the item at that URL and suppresses only the URL', async () => {
    const id = await newRequest('deletion', 'url', posts.q2.url);
    const r = await eraseForRequest(store, id, { secret: SECRET, dataDir: dir, actor: cli, meta });
    expect(r.items).toBe(1);
    expect(await store.suppressions.count()).toEqual({ handle: 0, url: 1 });
    const again = await ingest(store, [{ ...posts.q2, text: `${posts.q2.text} (sửa)` }, { text: 'Bài khác của Quorvek Tamblewick.', author: 'Quorvek.Pham' }], { classifier: flagger, secret: SECRET, now: NOW });
    expect(again).toMatchObject({ imported: 1, suppressed: 1 });
  });
});
