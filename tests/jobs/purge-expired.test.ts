import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ingest } from '../../src/jobs/ingest.js';
import { purgeExpired } from '../../src/jobs/purge-expired.js';
import { schedulePurge } from '../../src/jobs/purge-schedule.js';
import type { PurgeResult } from '../../src/jobs/purge-expired.js';
import { openStore, type Store } from '../../src/storage/store.js';
import type { Classification, Classifier } from '../../src/types.js';
import { runCli, SECRET, tempDir } from '../helpers/foundation.js';

const NOW = new Date('2025-06-01T02:00:00.000Z');
const OLD = new Date('2024-01-10T08:00:00.000Z'); // ~508 days before NOW
const RECENT = new Date('2025-05-20T08:00:00.000Z'); // 12 days before NOW

/** Flags "lương" as a grievance and cites a rule, so classifications, labels and rule hits all get rows. */
const flagger: Classifier = {
  version: 'test-purge-1',
  classify({ text }): Classification {
    const hit = /lương/i.test(text);
    return {
      labels: hit ? ['grievance'] : [],
      scores: { grievance: hit ? 0.9 : 0.1 },
      reasons: hit ? [{ kind: 'rule', label: 'grievance', ruleId: 'unpaid-wages', weight: 1, spans: [] }] : [],
      version: 'test-purge-1',
    };
  },
};

const OLD_POSTS = [
  { text: 'Công nhân xưởng Bạchđằng bị nợ lương ba tháng, tổ trưởng hứa trả vào cuối quý.', url: 'https://mxh.example/p/old-1', author: 'Nguyễn Văn An' },
  { text: 'Nhà máy giày Hoaphuong cắt tiền lương tăng ca của công nhân ca đêm.', url: 'https://mxh.example/p/old-2', author: 'Trần Thị Bình' },
  { text: 'Bài viết cũ về hội thao công đoàn Longbien năm ngoái.', url: 'https://mxh.example/p/old-3' },
];
const RECENT_POSTS = [
  { text: 'Công ty may Tanthuan chậm trả lương tháng năm cho công nhân.', url: 'https://mxh.example/p/new-1', author: 'Lê Văn Cường' },
  { text: 'Công đoàn Thuduc tổ chức khám sức khỏe định kỳ cho người lao động.', url: 'https://mxh.example/p/new-2' },
];

interface Seeded {
  old: number[];
  recent: number[];
  claimId: number;
  responseId: number;
  oldFiles: string[];
  recentFile: string;
}

const count = async (store: Store, sql: string, params: (string | number)[] = []) => (await store.db.get<{ n: number }>(sql, params))!.n;
const CHILD_TABLES = ['item_authors', 'item_sightings', 'classifications', 'item_labels', 'item_rule_hits', 'verdicts', 'grievances', 'claim_items', 'evidence'];
const rowsFor = async (store: Store, ids: number[]) => {
  const out: Record<string, number> = {};
  for (const t of CHILD_TABLES) out[t] = await count(store, `SELECT count(*) AS n FROM ${t} WHERE item_id IN (SELECT value FROM json_each(?))`, [JSON.stringify(ids)]);
  return out;
};
const ftsHits = async (store: Store, word: string) =>
  (await store.db.all<{ rowid: number }>('SELECT rowid FROM items_fts WHERE items_fts MATCH ?', [word])).map((r) => r.rowid);

/** Old and recent items with every kind of child row, a claim spanning both, evidence files on disk. */
async function seed(store: Store, dataDir: string): Promise<Seeded> {
  const opts = { classifier: flagger, secret: SECRET };
  const old = (await ingest(store, OLD_POSTS, { ...opts, now: OLD })).ids;
  // A later copy of an old post, also long ago: a sighting of the old item.
  await ingest(store, [{ text: OLD_POSTS[0].text, url: 'https://forum.example/t/9', source: 'forum' }], { ...opts, now: OLD });
  const recent = (await ingest(store, RECENT_POSTS, { ...opts, now: RECENT })).ids;
  const t = NOW.toISOString();

  const { claimId, responseId, userId } = await store.db.write(async () => {
    const userId = await store.users.create({ username: 'reviewer1', role: 'reviewer', unit: null, passwordHash: 'x', now: t });
    const claimId = await store.claims.create({ statement: 'Công nhân bị nợ lương', label: 'grievance', unit: null, userId, now: t });
    for (const itemId of [old[0], old[1], recent[0]]) await store.claims.setMember({ claimId, itemId, state: 'confirmed', userId, now: t });
    await store.claims.decide(claimId, { verdict: 'accurate', reason: 'đã xác minh với công đoàn cơ sở', userId, now: t });
    const responseId = await store.responses.create({ claimId, template: null, body: 'Công đoàn đã làm việc với công ty.', sources: [{ url: 'https://congdoan.example/tin/1', title: 'Tin công đoàn' }], userId, now: t });
    await store.responses.approve(responseId, userId, t);
    for (const itemId of [old[0], recent[0]]) {
      await store.verdicts.add({ itemId, claimId, verdict: 'grievance', reason: 'nợ lương', userId, now: t });
      await store.grievances.open(itemId, 'cd-hoa-binh', t);
    }
    await store.audit.append({ at: t, userId, username: 'reviewer1', action: 'verdict', targetType: 'item', targetId: old[0] });
    return { claimId, responseId, userId };
  });
  expect(userId).toBeGreaterThan(0);

  expect(await store.evidence.enqueueFlagged([...old, ...recent], t, ['grievance'])).toBe(3);
  const files: Record<number, string[]> = {};
  for (const id of [old[0], old[1], recent[0]]) {
    const rel = [`evidence/${id}/page.html`, `evidence/${id}/page.png`];
    mkdirSync(join(dataDir, 'evidence', String(id)), { recursive: true });
    for (const r of rel) writeFileSync(join(dataDir, r), 'x');
    await store.evidence.complete(id, { capturedAt: t, finalUrl: 'https://mxh.example/', htmlPath: rel[0], htmlSha256: 'a', pngPath: rel[1], pngSha256: 'b' });
    files[id] = rel.map((r) => join(dataDir, r));
  }
  return { old, recent, claimId, responseId, oldFiles: [...files[old[0]], ...files[old[1]]], recentFile: files[recent[0]][0] };
}

let dir: string;
let dbPath: string;
let store: Store;
let s: Seeded;
beforeEach(async () => {
  dir = tempDir('kc-purge-');
  dbPath = join(dir, 'kc.db');
  store = await openStore(dbPath);
  s = await seed(store, dir);
});
afterEach(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

const EXPECTED = {
  items: 3, authors: 2, sightings: 1, classifications: 3, verdicts: 1, grievances: 1, claimMembers: 2, claimsTouched: 1, evidence: 2, evidenceFiles: 4,
};

describe('purgeExpired', () => {
  it('dry run counts what would go and deletes nothing', async () => {
    const before = await rowsFor(store, s.old);
    const auditRows = await count(store, 'SELECT count(*) AS n FROM audit_log');
    const r = await purgeExpired(store, { retentionDays: 365, now: NOW, dataDir: dir, actor: 'test', dryRun: true });
    expect(r).toEqual({ cutoff: '2024-06-01T02:00:00.000Z', retentionDays: 365, dryRun: true, counts: EXPECTED });
    expect(await store.items.count()).toBe(5);
    expect(await rowsFor(store, s.old)).toEqual(before);
    for (const f of s.oldFiles) expect(existsSync(f)).toBe(true);
    expect(await count(store, 'SELECT count(*) AS n FROM audit_log')).toBe(auditRows);
  });

  it('deletes old items with every child row, FTS entry and evidence file; keeps recent items, claims and responses', async () => {
    const recentBefore = await rowsFor(store, s.recent);
    expect(await ftsHits(store, 'bachdang')).toEqual([s.old[0]]);
    const progress: Array<[number, number]> = [];
    const r = await purgeExpired(store, { retentionDays: 365, now: NOW, dataDir: dir, actor: 'system:retention', batchSize: 2, onProgress: (d, t) => progress.push([d, t]) });

    expect(r.counts).toEqual(EXPECTED);
    expect(progress).toEqual([[0, 3], [2, 3], [3, 3]]);
    expect(await store.items.count()).toBe(2);
    expect(Object.values(await rowsFor(store, s.old)).every((n) => n === 0)).toBe(true);
    expect(await rowsFor(store, s.recent)).toEqual(recentBefore);
    expect(await store.db.all('PRAGMA foreign_key_check')).toEqual([]);

    // Search no longer finds purged text; the index stays consistent with the table.
    for (const w of ['bachdang', 'hoaphuong', 'longbien']) expect(await ftsHits(store, w)).toEqual([]);
    expect(await ftsHits(store, 'tanthuan')).toEqual([s.recent[0]]);
    await store.db.exec(`INSERT INTO items_fts(items_fts, rank) VALUES ('integrity-check', 1)`);

    for (const f of s.oldFiles) expect(existsSync(f)).toBe(false);
    expect(existsSync(join(dir, 'evidence', String(s.old[0])))).toBe(false);
    expect(existsSync(s.recentFile)).toBe(true);

    // The organisation's record stays: the claim with its verdict, the approved response.
    expect(await store.claims.get(s.claimId)).toMatchObject({ verdict: 'accurate' });
    expect((await store.claims.members(s.claimId)).map((m) => m.item_id)).toEqual([s.recent[0]]);
    expect(await store.responses.get(s.responseId)).toMatchObject({ status: 'approved' });

    // One audit row, and the chain still verifies.
    const [row] = await store.audit.page({ limit: 1 });
    expect(r.auditId).toBe(row.id);
    expect(row).toMatchObject({ action: 'purge', username: 'system:retention', user_id: null, target_type: 'items' });
    expect(JSON.parse(row.detail)).toEqual({ cutoff: r.cutoff, retentionDays: 365, ...EXPECTED });
    expect(await count(store, `SELECT count(*) AS n FROM audit_log WHERE action = 'purge'`)).toBe(1);
    expect(await store.audit.verify()).toEqual({ ok: true, rows: 2 });

    // Nothing left to do: a second run deletes nothing and says so.
    const again = await purgeExpired(store, { retentionDays: 365, now: NOW, dataDir: dir, actor: 'system:retention' });
    expect(again.counts.items).toBe(0);
    expect(await store.audit.verify()).toEqual({ ok: true, rows: 3 });
  });

  it('honours the window: with 10 days even the recent items go, with 600 nothing does', async () => {
    expect((await purgeExpired(store, { retentionDays: 600, now: NOW, dataDir: dir, actor: 't' })).counts.items).toBe(0);
    expect(await store.items.count()).toBe(5);
    const r = await purgeExpired(store, { retentionDays: 10, now: NOW, dataDir: dir, actor: 't' });
    expect(r.counts).toMatchObject({ items: 5, claimMembers: 3, evidenceFiles: 6 });
    expect(await store.claims.get(s.claimId)).toBeDefined();
    expect(await store.claims.members(s.claimId)).toEqual([]);
  });

  it('rejects a window that is not a whole number of days', async () => {
    await expect(purgeExpired(store, { retentionDays: 0, now: NOW, dataDir: dir, actor: 't' })).rejects.toThrow(/whole number of days/);
    expect(await store.items.count()).toBe(5);
  });

  it('runs on its schedule as system:retention', async () => {
    // Every second (node-cron with seconds); the real default is daily 03:30.
    const done = new Promise<PurgeResult>((resolve, reject) => {
      const task = schedulePurge(store, { cron: '* * * * * *', timeZone: 'Asia/Ho_Chi_Minh', retentionDays: 365, dataDir: dir, clock: () => NOW, onResult: (r) => void task.stop().then(() => resolve(r)), onError: reject });
    });
    expect((await done).counts.items).toBe(3);
    expect((await store.audit.page({ limit: 1 }))[0]).toMatchObject({ action: 'purge', username: 'system:retention' });
    expect(() => schedulePurge(store, { cron: 'not a cron', timeZone: 'UTC', retentionDays: 1, dataDir: dir })).toThrow(/KC_PURGE_CRON/);
  });
});

describe('purge CLI', { timeout: 180_000 }, () => {
  it('--dry-run counts, a real run deletes and is audited, audit verify stays intact', async () => {
    await store.close();
    // The CLI's clock is the real one: a window that just keeps the recent items (collected RECENT).
    const days = String(Math.floor((Date.now() - RECENT.getTime()) / 86_400_000) + 1);
    const env = { KC_DATA_DIR: dir, KC_RETENTION_DAYS: days };
    const dry = await runCli(['purge', '--db', dbPath, '--dry-run'], env);
    expect(dry.code, dry.stderr).toBe(0);
    expect(dry.stdout).toContain(`dry run: items collected before `);
    expect(dry.stdout).toContain(`(older than ${days} days)\nwould delete 3 item(s), 2 author handle(s), 1 sighting(s), 3 classification(s)\n`);
    expect(dry.stdout).toContain('would delete 1 item verdict(s), 1 grievance follow-up(s), 2 claim membership(s) in 1 claim(s) (claims and responses kept)\n');
    expect(dry.stdout).toContain('would delete 2 evidence record(s) and 4 evidence file(s)\n');
    for (const f of s.oldFiles) expect(existsSync(f)).toBe(true);

    // --older-than wins over KC_RETENTION_DAYS.
    const real = await runCli(['purge', '--db', dbPath, '--older-than', days, '--json'], { ...env, KC_RETENTION_DAYS: '1' });
    expect(real.code, real.stderr).toBe(0);
    expect(real.stdout.trim().split('\n')).toHaveLength(1);
    expect(JSON.parse(real.stdout)).toMatchObject({ dryRun: false, retentionDays: Number(days), counts: EXPECTED, auditId: 2 });
    for (const f of s.oldFiles) expect(existsSync(f)).toBe(false);
    expect(existsSync(s.recentFile)).toBe(true);

    const verify = await runCli(['audit', 'verify', '--db', dbPath, '--json'], env);
    expect(verify.code, verify.stderr).toBe(0);
    expect(JSON.parse(verify.stdout)).toMatchObject({ ok: true, rows: 2 });
    store = await openStore(dbPath);
    expect(await store.items.count()).toBe(2);
    const [row] = await store.audit.page({ action: 'purge', limit: 10 });
    expect(row.username).toMatch(/^cli:/);
  });

  it('rejects a bad window and a missing database', async () => {
    const runs = await Promise.all([runCli(['purge', '--db', dbPath, '--older-than', '0']), runCli(['purge', '--db', join(dir, 'missing.db')])]);
    expect(runs.map((r) => r.code)).toEqual([1, 1]);
    expect(runs[0].stderr).toMatch(/--older-than.*whole number of days/);
    expect(runs[1].stderr).toMatch(/no database at .*missing\.db/);
    expect(await store.items.count()).toBe(5);
  });
});
