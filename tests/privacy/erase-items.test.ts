import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { eraseItems } from '../../src/privacy/erase-items.js';
import { ingest } from '../../src/jobs/ingest.js';
import { openStore, type Store } from '../../src/storage/store.js';
import type { Classification, Classifier } from '../../src/types.js';
import { SECRET, tempDir } from '../helpers/foundation.js';

const T = '2026-03-01T08:00:00.000Z';

/** Flags "lương"; its reasons carry words of the post (model features) and offsets (spans), as the real classifier's do. */
const flagger: Classifier = {
  version: 'test-erase-1',
  classify({ text }): Classification {
    const hit = /lương/i.test(text);
    const word = text.split(/\s+/).find((w) => /^[A-ZĐ]/.test(w)) ?? 'x';
    return {
      labels: hit ? ['grievance'] : [],
      scores: { grievance: hit ? 0.9 : 0.1 },
      reasons: hit
        ? [
            { kind: 'rule', label: 'grievance', ruleId: 'unpaid-wages', weight: 1, spans: [{ start: 0, end: 5 }] },
            { kind: 'model', label: 'grievance', probability: 0.8, features: [{ feature: `w:${word.toLowerCase()}`, weight: 1.2 }] },
          ]
        : [],
      version: 'test-erase-1',
    };
  },
};

// Distinctive tokens: each occurs in exactly one post. Vietnamese ones are also checked in folded form.
const POSTS = {
  gone: { text: 'Zorblatkovic kể xưởng Quỳnhxoăn nợ lương công nhân ba tháng liền.', url: 'https://mxh.example/p/gone-77', author: 'Hoàng Thị Zuyên' },
  shell: { text: 'Wexmoorfield nói nhà máy Nghiêmtrạch cắt lương tăng ca của tổ may số bốn.', url: 'https://mxh.example/p/shell-88', author: 'Phạm Văn Quorvek' },
  kept: { text: 'Ulvendrastik báo công ty Thạchbàn chậm trả lương tháng năm.', url: 'https://mxh.example/p/kept-99', author: 'Lê Văn Cường' },
};
const GONE_TOKENS = ['Zorblatkovic', 'zorblatkovic', 'Quỳnhxoăn', 'quynhxoan', 'Zuyên', 'gone-77', 'Wexmoorfield', 'wexmoorfield', 'Nghiêmtrạch', 'nghiemtrach', 'Quorvek', 'shell-88'];

let dir: string;
let dbPath: string;
let store: Store;
let ids: { gone: number; shell: number; kept: number };
let claimId: number;

const count = async (sql: string, params: (string | number)[] = []) => (await store.db.get<{ n: number }>(sql, params))!.n;
const ftsMatch = async (word: string) => (await store.db.all<{ rowid: number }>('SELECT rowid FROM items_fts WHERE items_fts MATCH ?', [word])).map((r) => r.rowid);
const fileHas = (path: string, token: string) => existsSync(path) && readFileSync(path).includes(Buffer.from(token, 'utf8'));

function writeEvidence(id: number, token: string): string[] {
  mkdirSync(join(dir, 'evidence', String(id)), { recursive: true });
  const rel = [`evidence/${id}/page.html`, `evidence/${id}/page.png`];
  for (const r of rel) writeFileSync(join(dir, r), `<p>${token}</p>`);
  return rel;
}

beforeEach(async () => {
  dir = tempDir('kc-erase-');
  dbPath = join(dir, 'kc.db');
  store = await openStore(dbPath);
  const r = await ingest(store, [POSTS.gone, POSTS.shell, POSTS.kept], { classifier: flagger, secret: SECRET, now: new Date(T) });
  ids = { gone: r.ids[0], shell: r.ids[1], kept: r.ids[2] };
  // A later copy of the shell's post: a sighting with its own URL.
  await ingest(store, [{ text: POSTS.shell.text, url: 'https://forum.example/t/shell-88', source: 'forum' }], { classifier: flagger, secret: SECRET, now: new Date(T) });

  await store.db.write(async () => {
    const userId = await store.users.create({ username: 'rv', role: 'reviewer', unit: null, passwordHash: 'x', now: T });
    claimId = await store.claims.create({ statement: 'Công nhân bị cắt lương tăng ca', label: 'grievance', unit: null, userId, now: T });
    for (const itemId of [ids.shell, ids.kept]) await store.claims.setMember({ claimId, itemId, state: 'confirmed', userId, now: T });
    // The reviewer quoted the post in the verdict note and named the author in the grievance note.
    await store.verdicts.add({
      itemId: ids.shell, claimId, verdict: 'grievance', reason: 'cắt lương tăng ca',
      note: 'Bài viết: "nhà máy Nghiêmtrạch cắt lương tăng ca" — đã báo công đoàn cơ sở.', userId, now: T,
    });
    await store.verdicts.add({ itemId: ids.kept, claimId, verdict: 'grievance', reason: 'chậm trả lương', note: 'Thạchbàn chậm trả lương tháng năm', userId, now: T });
    await store.grievances.upsert({ itemId: ids.shell, status: 'forwarded', unit: 'cd-may', note: 'Liên hệ Phạm Văn Quorvek qua tổ trưởng', userId, now: T });
  });
  expect(await store.evidence.enqueueFlagged([ids.gone, ids.shell, ids.kept], T, ['grievance'])).toBe(3);
  for (const [id, token] of [[ids.gone, 'Zorblatkovic'], [ids.shell, 'Wexmoorfield'], [ids.kept, 'Ulvendrastik']] as const) {
    const rel = writeEvidence(id, token);
    await store.evidence.complete(id, { capturedAt: T, finalUrl: 'https://mxh.example/', htmlPath: rel[0], htmlSha256: 'a', pngPath: rel[1], pngSha256: 'b' });
  }
});
afterEach(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('eraseItems', () => {
  // 'secure': terms leave the FTS index per document; 'bulk': one index rewrite at the end (large purges).
  it.each(['secure', 'bulk'] as const)('deletes undecided items, shells decided ones, and leaves no erased text in the files, FTS or evidence (%s FTS)', async (fts) => {
    // Before: every token is in the database (some only still in the WAL).
    const bytes = () => Buffer.concat([readFileSync(dbPath), existsSync(`${dbPath}-wal`) ? readFileSync(`${dbPath}-wal`) : Buffer.alloc(0)]);
    for (const tok of ['Zorblatkovic', 'Wexmoorfield', 'nghiemtrach']) expect(bytes().includes(Buffer.from(tok))).toBe(true);
    expect(await ftsMatch('quynhxoan')).toEqual([ids.gone]);

    let checkpoint: { busy: number } | undefined;
    const c = await eraseItems(store, { dataDir: dir, ids: [ids.gone, ids.shell, 999_999], now: new Date('2026-04-01T00:00:00Z'), batchSize: 1, fts, onCheckpoint: (r) => (checkpoint = r) });
    expect(c).toEqual({ deleted: 1, scrubbed: 1, authors: 2, sightings: 1, classifications: 2, evidence: 2, evidenceFiles: 4 });
    expect(checkpoint).toMatchObject({ busy: 0 });
    expect(readFileSync(`${dbPath}-wal`).length).toBe(0);

    for (const path of [dbPath, `${dbPath}-wal`]) {
      for (const tok of GONE_TOKENS) expect(fileHas(path, tok), `${tok} in ${path}`).toBe(false);
    }
    await store.close();
    for (const path of [dbPath, `${dbPath}-wal`]) {
      for (const tok of GONE_TOKENS) expect(fileHas(path, tok), `${tok} in ${path} after close`).toBe(false);
    }
    store = await openStore(dbPath);

    for (const w of ['zorblatkovic', 'quynhxoan', 'wexmoorfield', 'nghiemtrach']) expect(await ftsMatch(w)).toEqual([]);
    expect(await ftsMatch('ulvendrastik')).toEqual([ids.kept]);
    // The index is left in secure-delete mode for later, smaller erasures.
    expect(await store.db.get(`SELECT v FROM items_fts_config WHERE k = 'secure-delete'`)).toEqual({ v: 1 });
    await store.db.exec(`INSERT INTO items_fts(items_fts, rank) VALUES ('integrity-check', 1)`);

    // Evidence of both erased items is gone from disk; the kept item's stays.
    for (const id of [ids.gone, ids.shell]) expect(existsSync(join(dir, 'evidence', String(id)))).toBe(false);
    expect(fileHas(join(dir, 'evidence', String(ids.kept), 'page.html'), 'Ulvendrastik')).toBe(true);

    // The undecided item is gone with every child row.
    expect(await count('SELECT count(*) AS n FROM items WHERE id = ?', [ids.gone])).toBe(0);
    expect(await store.db.all('PRAGMA foreign_key_check')).toEqual([]);

    // The shell: organisation's decisions kept, personal data cleared.
    const shell = await store.db.get<Record<string, unknown>>('SELECT * FROM items WHERE id = ?', [ids.shell]);
    expect(shell).toMatchObject({
      title: null, text: '', folded: '', url: null, canonical_url: null, author_pseudonym: null,
      content_hash: `erased:${ids.shell}`, simhash: 0, sh0: -1, sh1: -1, sh2: -1, sh3: -1, erased_at: '2026-04-01T00:00:00.000Z', flagged: 1,
    });
    for (const t of ['item_authors', 'item_sightings', 'evidence']) expect(await count(`SELECT count(*) AS n FROM ${t} WHERE item_id = ?`, [ids.shell])).toBe(0);
    expect(await count('SELECT count(*) AS n FROM item_labels WHERE item_id = ?', [ids.shell])).toBe(1);
    expect(await count('SELECT count(*) AS n FROM item_rule_hits WHERE item_id = ?', [ids.shell])).toBe(1);
    const reasons = JSON.parse((await store.db.get<{ reasons: string }>('SELECT reasons FROM classifications WHERE item_id = ?', [ids.shell]))!.reasons);
    expect(reasons).toEqual([
      { kind: 'rule', label: 'grievance', ruleId: 'unpaid-wages', weight: 1, spans: [] },
      { kind: 'model', label: 'grievance', probability: 0.8, features: [] },
    ]);
    // Verdict and grievance kept; the quotation and the author's name taken out of the notes, the reviewer's words kept.
    const v = await store.db.get<{ verdict: string; reason: string; note: string }>('SELECT verdict, reason, note FROM verdicts WHERE item_id = ?', [ids.shell]);
    expect(v).toEqual({ verdict: 'grievance', reason: 'cắt lương tăng ca', note: 'Bài viết: "[…]" — đã báo công đoàn cơ sở.' });
    expect(await store.grievances.get(ids.shell)).toEqual({ status: 'forwarded', unit: 'cd-may', note: 'Liên hệ […] qua tổ trưởng' });
    expect((await store.claims.members(claimId)).map((m) => m.itemId).sort()).toEqual([ids.shell, ids.kept].sort());

    // The untouched item keeps everything, notes included.
    const kept = await store.db.get<{ text: string; erased_at: string | null }>('SELECT text, erased_at FROM items WHERE id = ?', [ids.kept]);
    expect(kept).toEqual({ text: POSTS.kept.text, erased_at: null });
    expect(await count('SELECT count(*) AS n FROM item_authors WHERE item_id = ?', [ids.kept])).toBe(1);
    expect((await store.db.get<{ note: string }>('SELECT note FROM verdicts WHERE item_id = ?', [ids.kept]))!.note).toBe('Thạchbàn chậm trả lương tháng năm');
  });

  it('leaves no erased term in the FTS page-boundary keys (%_idx), which secure-delete does not rewrite', async () => {
    // Hundreds of distinct posts with neighbouring numeric terms: the index spans several leaf pages,
    // and a page's key is the shortest prefix that tells its first term from the previous page's last,
    // here the whole term (qzx11560 vs qzx11561).
    const SYL = 'ba ca da ga ha la ma na pha qua ra sa ta tha tra va xa be ce de ge he le me ne bo co do go ho lo mo no'.split(' ');
    let seed = 11;
    const word = () => SYL[(seed = (seed * 1103515245 + 12345) % 2 ** 31) % SYL.length];
    // Ten such terms per post, so that the qzx terms alone fill several leaf pages whatever the
    // segment layout the ingest's write pattern leaves.
    const posts = Array.from({ length: 400 }, (_, i) => ({ text: `Bài ${Array.from({ length: 10 }, (_, k) => `qzx${10000 + i * 10 + k}`).join(' ')} ${Array.from({ length: 40 }, word).join(' ')}` }));
    expect((await ingest(store, posts, { classifier: flagger, secret: SECRET, now: new Date(T) })).imported).toBe(400);
    const keys = async () => (await store.db.all<{ term: Buffer }>('SELECT term FROM items_fts_idx')).map((r) => r.term.subarray(1).toString('utf8'));
    const key = (await keys()).find((k) => /^qzx\d{5}$/.test(k));
    expect(key, 'a leaf page starting with a whole qzx term').toBeDefined();
    const [id] = await ftsMatch(key!);
    await eraseItems(store, { dataDir: dir, ids: [id] });
    expect(await ftsMatch(key!)).toEqual([]);
    expect(await keys()).not.toContain(key);
    expect(readFileSync(dbPath).includes(Buffer.from(key!))).toBe(false);
    await store.db.exec(`INSERT INTO items_fts(items_fts, rank) VALUES ('integrity-check', 1)`);
  });

  it('never matches a shell as a duplicate, and skips shells on a second erasure', async () => {
    await eraseItems(store, { dataDir: dir, ids: [ids.shell], now: new Date(T) });
    const again = await ingest(store, [POSTS.shell], { classifier: flagger, secret: SECRET, now: new Date(T) });
    expect(again.imported).toBe(1);
    expect(again.ids[0]).not.toBe(ids.shell);
    expect(await eraseItems(store, { dataDir: dir, ids: [ids.shell], checkpoint: false })).toEqual({
      deleted: 0, scrubbed: 0, authors: 0, sightings: 0, classifications: 0, evidence: 0, evidenceFiles: 0,
    });
  });

  it('reports a checkpoint held up by a reader instead of failing', async () => {
    const { Db } = await import('../../src/storage/db.js');
    const reader = await Db.open(dbPath, { busyTimeoutMs: 50 });
    await reader.exec('BEGIN');
    await reader.get('SELECT count(*) FROM items');
    let busy = -1;
    // The eraser's own busy timeout would wait 10 s for the reader; lower it for the test.
    await store.db.exec('PRAGMA busy_timeout = 50');
    const c = await eraseItems(store, { dataDir: dir, ids: [ids.gone], onCheckpoint: (r) => (busy = r.busy) });
    expect(c.deleted).toBe(1);
    expect(busy).toBe(1);
    await reader.exec('COMMIT');
    await reader.close();
    expect((await store.erasure.checkpoint()).busy).toBe(0);
  });
});
