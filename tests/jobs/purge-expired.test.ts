import { existsSync, mkdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ingest } from '../../src/jobs/ingest.js';
import { purgeExpired, type PurgeResult } from '../../src/jobs/purge-expired.js';
import { schedulePurge } from '../../src/jobs/purge-schedule.js';
import { openStore, type Store } from '../../src/storage/store.js';
import type { Classification, Classifier } from '../../src/types.js';
import { sampleDigest } from '../digest/sample-digest.js';
import { runCli, SECRET, tempDir } from '../helpers/foundation.js';

const DAY = 86_400_000;
const NOW = new Date('2025-06-01T02:00:00.000Z');
const OLD = new Date('2024-01-10T08:00:00.000Z'); // ~508 days before NOW
const OLD_DECISION = '2024-02-01T08:00:00.000Z'; // ~486 days before NOW
const LATER_DECISION = '2025-01-15T08:00:00.000Z'; // ~137 days before NOW
const MID = new Date('2025-04-20T08:00:00.000Z'); // 42 days before NOW
const RECENT = new Date('2025-05-20T08:00:00.000Z'); // 12 days before NOW
const WINDOWS = { unflaggedDays: 30, flaggedDays: 365 };

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
  // 0: flagged, decided long ago (verdict, grievance, claim) → shell
  { text: 'Công nhân xưởng Bạchđằng bị nợ lương ba tháng, tổ trưởng hứa trả vào cuối quý.', url: 'https://mxh.example/p/old-1', author: 'Nguyễn Văn An' },
  // 1: flagged, claim member long ago, status changed recently → kept (last decision 137 days ago)
  { text: 'Nhà máy giày Hoaphuong cắt tiền lương tăng ca của công nhân ca đêm.', url: 'https://mxh.example/p/old-2', author: 'Trần Thị Bình' },
  // 2: never flagged, never decided → deleted (unflagged window)
  { text: 'Bài viết cũ về hội thao công đoàn Longbien năm ngoái.', url: 'https://mxh.example/p/old-3' },
  // 3: flagged, never decided: last "decision" is its collection → deleted (flagged window)
  { text: 'Xí nghiệp Caolanh trừ lương ngày nghỉ phép của công nhân.', url: 'https://mxh.example/p/old-4', author: 'Đỗ Thị Dung' },
];
const MID_POSTS = [{ text: 'Hội diễn văn nghệ công đoàn Ninhkieu tháng tư.', url: 'https://mxh.example/p/mid-1', author: 'Võ Văn Em' }];
const RECENT_POSTS = [
  { text: 'Công ty may Tanthuan chậm trả lương tháng năm cho công nhân.', url: 'https://mxh.example/p/new-1', author: 'Lê Văn Cường' },
  { text: 'Công đoàn Thuduc tổ chức khám sức khỏe định kỳ cho người lao động.', url: 'https://mxh.example/p/new-2' },
];

interface Seeded {
  old: number[];
  mid: number;
  recent: number[];
  claimId: number;
  responseId: number;
  files: Record<number, string[]>;
}

const count = async (store: Store, sql: string, params: (string | number)[] = []) => (await store.db.get<{ n: number }>(sql, params))!.n;
const exists = async (store: Store, id: number) => (await count(store, 'SELECT count(*) AS n FROM items WHERE id = ?', [id])) === 1;
const ftsHits = async (store: Store, word: string) =>
  (await store.db.all<{ rowid: number }>('SELECT rowid FROM items_fts WHERE items_fts MATCH ?', [word])).map((r) => r.rowid);

async function seed(store: Store, dataDir: string): Promise<Seeded> {
  const opts = { classifier: flagger, secret: SECRET };
  const old = (await ingest(store, OLD_POSTS, { ...opts, now: OLD })).ids;
  // A later copy of an old post, also long ago: a sighting of the old item.
  await ingest(store, [{ text: OLD_POSTS[0].text, url: 'https://forum.example/t/9', source: 'forum' }], { ...opts, now: OLD });
  const mid = (await ingest(store, MID_POSTS, { ...opts, now: MID })).ids[0];
  const recent = (await ingest(store, RECENT_POSTS, { ...opts, now: RECENT })).ids;
  const t = NOW.toISOString();

  const { claimId, responseId } = await store.db.write(async () => {
    const userId = await store.users.create({ username: 'reviewer1', role: 'reviewer', unit: null, passwordHash: 'x', now: OLD_DECISION });
    const claimId = await store.claims.create({ statement: 'Công nhân bị nợ lương', label: 'grievance', unit: null, userId, now: OLD_DECISION });
    for (const itemId of [old[0], old[1]]) await store.claims.setMember({ claimId, itemId, state: 'confirmed', userId, now: OLD_DECISION });
    await store.claims.setMember({ claimId, itemId: recent[0], state: 'confirmed', userId, now: t });
    await store.claims.decide(claimId, { verdict: 'accurate', reason: 'đã xác minh với công đoàn cơ sở', userId, now: t });
    const responseId = await store.responses.create({ claimId, template: null, body: 'Công đoàn đã làm việc với công ty.', sources: [{ url: 'https://congdoan.example/tin/1', title: 'Tin công đoàn' }], userId, now: t });
    await store.responses.approve(responseId, userId, t);
    await store.verdicts.add({ itemId: old[0], claimId, verdict: 'grievance', reason: 'nợ lương', userId, now: OLD_DECISION });
    await store.grievances.open(old[0], 'cd-hoa-binh', OLD_DECISION);
    await store.verdicts.add({ itemId: recent[0], claimId, verdict: 'grievance', reason: 'nợ lương', userId, now: t });
    await store.grievances.open(recent[0], 'cd-hoa-binh', t);
    await store.reviewItems.setStatuses([[old[1], 'in_review']], LATER_DECISION);
    // Personal data outside items: an old failed login and an expired session.
    await store.loginAttempts.record(['user:someone', 'ip:203.0.113.9'], NOW.getTime() - DAY);
    await store.loginAttempts.record(['user:someone'], NOW.getTime() - 60_000);
    await store.sessions.create({ idHash: 'old', userId, csrfToken: 'c', nowMs: NOW.getTime() - 2 * DAY });
    await store.sessions.create({ idHash: 'live', userId, csrfToken: 'c', nowMs: NOW.getTime() - 60_000 });
    return { claimId, responseId };
  });

  expect(await store.evidence.enqueueFlagged([old[0], old[1], old[3], recent[0]], t, ['grievance'])).toBe(4);
  const files: Record<number, string[]> = {};
  for (const id of [old[0], old[1], old[3], recent[0]]) {
    const rel = [`evidence/${id}/page.html`, `evidence/${id}/page.png`];
    mkdirSync(join(dataDir, 'evidence', String(id)), { recursive: true });
    for (const r of rel) writeFileSync(join(dataDir, r), 'x');
    await store.evidence.complete(id, { capturedAt: t, finalUrl: 'https://mxh.example/', htmlPath: rel[0], htmlSha256: 'a', pngPath: rel[1], pngSha256: 'b' });
    files[id] = rel.map((r) => join(dataDir, r));
  }
  // Crawl spool: one file left from long ago (a source that was removed), one current.
  mkdirSync(join(dataDir, 'crawl-spool'), { recursive: true });
  writeFileSync(join(dataDir, 'crawl-spool', 'gone--old.jsonl'), '{"text":"x","author":"someone"}\n');
  utimesSync(join(dataDir, 'crawl-spool', 'gone--old.jsonl'), OLD, OLD);
  writeFileSync(join(dataDir, 'crawl-spool', 'live--new.jsonl'), '{"text":"y"}\n');
  utimesSync(join(dataDir, 'crawl-spool', 'live--new.jsonl'), RECENT, RECENT);
  // Digest outbox (no SMTP): a mail from before the flagged window, one within it (older than the
  // unflagged window: that one must not decide), and a folder, which the purge leaves alone.
  mkdirSync(join(dataDir, 'outbox', 'kept-folder'), { recursive: true });
  writeFileSync(join(dataDir, 'outbox', 'digest-2024-W02-old.eml'), 'Subject: digest\n\nzorblat tết');
  utimesSync(join(dataDir, 'outbox', 'digest-2024-W02-old.eml'), OLD, OLD);
  writeFileSync(join(dataDir, 'outbox', 'digest-2025-W16-mid.eml'), 'Subject: digest\n\nquorvex tết');
  utimesSync(join(dataDir, 'outbox', 'digest-2025-W16-mid.eml'), MID, MID);
  utimesSync(join(dataDir, 'outbox', 'kept-folder'), OLD, OLD);
  return { old, mid, recent, claimId, responseId, files };
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
  unflagged: { days: 30, cutoff: '2025-05-02T02:00:00.000Z', items: 2, deleted: 2, scrubbed: 0, authors: 1, evidence: 0, evidenceFiles: 0 },
  flagged: { days: 365, cutoff: '2024-06-01T02:00:00.000Z', items: 2, deleted: 1, scrubbed: 1, authors: 2, evidence: 2, evidenceFiles: 4 },
};
const OTHER = { loginAttempts: 2, sessions: 1, spoolFiles: 1, outboxFiles: 1, digests: 0 };
const outbox = (name: string) => join(dir, 'outbox', name);

describe('purgeExpired', () => {
  it('dry run counts per window and changes nothing', async () => {
    const auditRows = await count(store, 'SELECT count(*) AS n FROM audit_log');
    const r = await purgeExpired(store, { ...WINDOWS, now: NOW, dataDir: dir, actor: 'test', dryRun: true });
    expect(r).toMatchObject({ now: NOW.toISOString(), dryRun: true, windows: EXPECTED, other: OTHER });
    expect(r.auditId).toBeUndefined();
    expect(await store.items.count()).toBe(7);
    for (const f of Object.values(s.files).flat()) expect(existsSync(f)).toBe(true);
    expect(existsSync(join(dir, 'crawl-spool', 'gone--old.jsonl'))).toBe(true);
    expect(existsSync(outbox('digest-2024-W02-old.eml'))).toBe(true);
    expect(await count(store, 'SELECT count(*) AS n FROM login_attempts')).toBe(3);
    expect(await count(store, 'SELECT count(*) AS n FROM audit_log')).toBe(auditRows);
  });

  it('erases each window: undecided items deleted, decided ones kept as shells, recent and recently decided items untouched', async () => {
    const progress: string[] = [];
    const r = await purgeExpired(store, { ...WINDOWS, now: NOW, dataDir: dir, actor: 'system:retention', batchSize: 1, onProgress: (w, d, t) => progress.push(`${w} ${d}/${t}`) });
    expect(r).toMatchObject({ dryRun: false, windows: { unflagged: { ...EXPECTED.unflagged, sightings: 0, classifications: 2 }, flagged: { ...EXPECTED.flagged, sightings: 1, classifications: 2 } }, other: OTHER });
    expect(r.checkpoint).toMatchObject({ busy: 0 });
    expect(progress).toEqual(['unflagged 0/2', 'unflagged 1/2', 'unflagged 2/2', 'flagged 0/2', 'flagged 1/2', 'flagged 2/2']);

    // Deleted: the undecided old and mid items, the flagged-but-never-decided old one.
    for (const id of [s.old[2], s.old[3], s.mid]) expect(await exists(store, id), `item ${id}`).toBe(false);
    // Shell: the item decided long ago keeps its row, verdict, grievance and claim membership; text and author are gone.
    expect(await store.db.get('SELECT text, url, erased_at FROM items WHERE id = ?', [s.old[0]])).toEqual({ text: '', url: null, erased_at: NOW.toISOString() });
    expect(await count(store, 'SELECT count(*) AS n FROM verdicts WHERE item_id = ?', [s.old[0]])).toBe(1);
    expect(await store.grievances.get(s.old[0])).toMatchObject({ status: 'open' });
    for (const t of ['item_authors', 'item_sightings', 'evidence']) expect(await count(store, `SELECT count(*) AS n FROM ${t} WHERE item_id = ?`, [s.old[0]])).toBe(0);
    // Kept: a recent decision (status change) renews an old item; recent items are untouched.
    for (const id of [s.old[1], ...s.recent]) expect(await store.db.get('SELECT erased_at FROM items WHERE id = ?', [id])).toEqual({ erased_at: null });
    expect(await count(store, 'SELECT count(*) AS n FROM item_authors WHERE item_id = ?', [s.old[1]])).toBe(1);
    expect(await store.db.all('PRAGMA foreign_key_check')).toEqual([]);

    for (const w of ['bachdang', 'longbien', 'caolanh', 'ninhkieu']) expect(await ftsHits(store, w)).toEqual([]);
    expect(await ftsHits(store, 'hoaphuong')).toEqual([s.old[1]]);
    expect(await ftsHits(store, 'tanthuan')).toEqual([s.recent[0]]);
    await store.db.exec(`INSERT INTO items_fts(items_fts, rank) VALUES ('integrity-check', 1)`);
    // Gone from the file bytes too (text and folded FTS terms); the WAL was truncated.
    for (const tok of ['Bạchđằng', 'bachdang', 'Longbien', 'longbien', 'Caolanh', 'caolanh', 'Ninhkieu', 'ninhkieu', 'Nguyễn Văn An']) {
      for (const f of [dbPath, `${dbPath}-wal`]) expect(readFileSync(f).includes(Buffer.from(tok)), `${tok} in ${f}`).toBe(false);
    }
    expect(readFileSync(dbPath).includes(Buffer.from('hoaphuong'))).toBe(true);

    for (const id of [s.old[0], s.old[3]]) expect(existsSync(join(dir, 'evidence', String(id)))).toBe(false);
    for (const f of [...s.files[s.old[1]], ...s.files[s.recent[0]]]) expect(existsSync(f)).toBe(true);
    expect(existsSync(join(dir, 'crawl-spool', 'gone--old.jsonl'))).toBe(false);
    expect(existsSync(join(dir, 'crawl-spool', 'live--new.jsonl'))).toBe(true);
    // Outbox: the mail older than the flagged window is gone; a younger one and folders stay.
    expect(existsSync(outbox('digest-2024-W02-old.eml'))).toBe(false);
    expect(existsSync(outbox('digest-2025-W16-mid.eml'))).toBe(true);
    expect(existsSync(outbox('kept-folder'))).toBe(true);
    expect(await store.db.all('SELECT key FROM login_attempts')).toEqual([{ key: 'user:someone' }]);
    expect(await store.db.all('SELECT id_hash FROM sessions')).toEqual([{ id_hash: 'live' }]);

    // The organisation's record stays: the claim with all its members (one a shell), the approved response.
    expect(await store.claims.get(s.claimId)).toMatchObject({ verdict: 'accurate' });
    expect((await store.claims.members(s.claimId)).map((m) => m.itemId).sort()).toEqual([s.old[0], s.old[1], s.recent[0]].sort());
    expect(await store.responses.get(s.responseId)).toMatchObject({ status: 'approved' });

    // One audit row with counts only, and the chain still verifies.
    const [row] = await store.audit.page({ limit: 1 });
    expect(r.auditId).toBe(row.id);
    expect(row).toMatchObject({ action: 'purge', username: 'system:retention', user_id: null, target_type: 'items' });
    const detail = JSON.parse(row.detail);
    expect(detail).toMatchObject({ unflagged: EXPECTED.unflagged, flagged: EXPECTED.flagged, ...OTHER });
    expect(row.detail).not.toMatch(/Bạchđằng|Nguyễn|mxh\.example|someone|zorblat|digest-2024/);
    expect(await store.audit.verify()).toEqual({ ok: true, rows: 1 });

    // Nothing left to do: shells are not erased again.
    const again = await purgeExpired(store, { ...WINDOWS, now: NOW, dataDir: dir, actor: 'system:retention' });
    expect(again.windows.unflagged.items + again.windows.flagged.items).toBe(0);
    // A year after the last decisions, the rest goes the same way.
    const later = await purgeExpired(store, { ...WINDOWS, now: new Date(NOW.getTime() + 366 * DAY), dataDir: dir, actor: 't' });
    expect(later.windows).toMatchObject({ unflagged: { deleted: 1, scrubbed: 0 }, flagged: { deleted: 0, scrubbed: 2 } });
    expect(await count(store, 'SELECT count(*) AS n FROM items WHERE erased_at IS NULL')).toBe(0);
    expect(await store.audit.verify()).toEqual({ ok: true, rows: 3 });
  });

  it('reduces digests of weeks older than the flagged window to counts', async () => {
    const oldWeek = sampleDigest({ week: '2024-W09', firstDay: '2024-02-26', lastDay: '2024-03-03', emergingTerms: [{ term: 'zorblat tết', count: 9, expected: 1, ratio: 9, score: 7 }] });
    const newWeek = sampleDigest({ week: '2025-W20', firstDay: '2025-05-12', lastDay: '2025-05-18', emergingTerms: [{ term: 'quorvex tết', count: 9, expected: 1, ratio: 9, score: 7 }] });
    const outDir = join(dir, 'digests', '2024-W09');
    mkdirSync(outDir, { recursive: true });
    for (const f of ['digest.html', 'digest.md', 'digest.pdf']) writeFileSync(join(outDir, f), 'zorblat tết');
    const ids = await store.db.write(async () => [
      await store.digests.save({ week: oldWeek.week, unit: null, lang: 'vi', createdAt: '2024-03-04T00:00:00Z', data: oldWeek, html: '<p>zorblat tết</p>', markdown: 'zorblat tết', pdf: Buffer.from('%PDF zorblat'), outDir }),
      await store.digests.save({ week: newWeek.week, unit: null, lang: 'en', createdAt: '2025-05-19T00:00:00Z', data: newWeek, html: '<p>quorvex tết</p>', markdown: 'quorvex tết', pdf: Buffer.from('%PDF quorvex'), outDir: null }),
    ]);
    expect((await purgeExpired(store, { ...WINDOWS, now: NOW, dataDir: dir, actor: 't', dryRun: true })).other.digests).toBe(1);
    expect((await purgeExpired(store, { ...WINDOWS, now: NOW, dataDir: dir, actor: 't' })).other.digests).toBe(1);

    const reduced = (await store.digests.get(ids[0]))!;
    expect(reduced.pdf).toBeNull();
    expect(reduced.data).toEqual({ ...oldWeek, emergingTerms: [] });
    for (const text of [reduced.html, reduced.markdown, readFileSync(join(outDir, 'digest.html'), 'utf8'), readFileSync(join(outDir, 'digest.md'), 'utf8')]) {
      expect(text).not.toContain('zorblat');
      expect(text).toContain('2024-W09'); // re-rendered from the counts, not blanked
    }
    expect(existsSync(join(outDir, 'digest.pdf'))).toBe(false);
    const kept = (await store.digests.get(ids[1]))!;
    expect(kept.html).toContain('quorvex');
    expect(kept.pdf).not.toBeNull();
    // Reduced once: a second purge finds nothing to reduce.
    expect((await purgeExpired(store, { ...WINDOWS, now: NOW, dataDir: dir, actor: 't' })).other.digests).toBe(0);
  });

  it('rejects a window that is not a whole number of days', async () => {
    await expect(purgeExpired(store, { unflaggedDays: 0, flaggedDays: 365, now: NOW, dataDir: dir, actor: 't' })).rejects.toThrow(/unflagged retention must be a whole number/);
    await expect(purgeExpired(store, { unflaggedDays: 30, flaggedDays: 1.5, now: NOW, dataDir: dir, actor: 't' })).rejects.toThrow(/flagged retention must be a whole number/);
    expect(await store.items.count()).toBe(7);
  });

  it('runs on its schedule as system:retention with both windows', async () => {
    // Every second (node-cron with seconds); the real default is daily 03:30.
    const done = new Promise<PurgeResult>((resolve, reject) => {
      const task = schedulePurge(store, { cron: '* * * * * *', timeZone: 'Asia/Ho_Chi_Minh', ...WINDOWS, dataDir: dir, clock: () => NOW, onResult: (r) => void task.stop().then(() => resolve(r)), onError: reject });
    });
    expect((await done).windows).toMatchObject(EXPECTED);
    expect((await store.audit.page({ limit: 1 }))[0]).toMatchObject({ action: 'purge', username: 'system:retention' });
    expect(() => schedulePurge(store, { cron: 'not a cron', timeZone: 'UTC', ...WINDOWS, dataDir: dir })).toThrow(/KC_PURGE_CRON/);
  });
});

describe('purge CLI', { timeout: 180_000 }, () => {
  it('--dry-run prints per-window counts, a real run erases and is audited, audit verify stays intact', async () => {
    await store.close();
    // The CLI's clock is the real one: windows that keep the recent items and the recent decisions.
    const days = (at: Date) => String(Math.floor((Date.now() - at.getTime()) / DAY) + 1);
    const env = { KC_DATA_DIR: dir, KC_RETENTION_UNFLAGGED_DAYS: days(RECENT), KC_RETENTION_FLAGGED_DAYS: days(NOW) };
    const dry = await runCli(['purge', '--db', dbPath, '--dry-run'], env);
    expect(dry.code, dry.stderr).toBe(0);
    expect(dry.stdout).toMatch(/^dry run: retention purge at \S+\n/);
    expect(dry.stdout).toContain(`never flagged, undecided: collected more than ${days(RECENT)} days ago (before `);
    expect(dry.stdout).toContain('  would delete 2 item(s); would keep 0 as shell(s)');
    expect(dry.stdout).toContain(`flagged or decided: last decision more than ${days(NOW)} days ago (before `);
    // old[1] too: its last decision (status change) is older than this window.
    expect(dry.stdout).toContain('  would delete 1 item(s); would keep 2 as shell(s)');
    expect(dry.stdout).toContain('  would delete 3 raw author handle(s), 3 evidence record(s), 6 evidence file(s)\n');
    expect(dry.stdout).toContain('also would delete 3 old failed-login record(s), 2 expired session(s), 1 stale crawl spool file(s), 2 old outbox mail(s); would reduce 0 old digest(s) to counts');
    for (const f of Object.values(s.files).flat()) expect(existsSync(f)).toBe(true);

    // --unflagged-days / --flagged-days win over the environment.
    const real = await runCli(['purge', '--db', dbPath, '--unflagged-days', days(RECENT), '--flagged-days', days(NOW), '--json'], { ...env, KC_RETENTION_UNFLAGGED_DAYS: '1', KC_RETENTION_FLAGGED_DAYS: '1' });
    expect(real.code, real.stderr).toBe(0);
    expect(real.stdout.trim().split('\n')).toHaveLength(1);
    expect(JSON.parse(real.stdout)).toMatchObject({
      dryRun: false, auditId: 1, checkpoint: { busy: 0 }, other: { outboxFiles: 2 },
      windows: { unflagged: { days: Number(days(RECENT)), deleted: 2, scrubbed: 0 }, flagged: { days: Number(days(NOW)), deleted: 1, scrubbed: 2, evidenceFiles: 6 } },
    });
    // Not a terminal: progress goes to stderr as plain lines.
    expect(real.stderr).toContain('purging unflagged: 0/2 items\npurging unflagged: 2/2 items\npurging flagged: 0/3 items\npurging flagged: 3/3 items\n');
    for (const f of [...s.files[s.old[0]], ...s.files[s.old[1]], ...s.files[s.old[3]]]) expect(existsSync(f)).toBe(false);
    for (const f of s.files[s.recent[0]]) expect(existsSync(f)).toBe(true);
    // The outbox is found under $KC_DATA_DIR: both mails predate this flagged window.
    expect(['digest-2024-W02-old.eml', 'digest-2025-W16-mid.eml'].filter((f) => existsSync(outbox(f)))).toEqual([]);

    const verify = await runCli(['audit', 'verify', '--db', dbPath, '--json'], env);
    expect(verify.code, verify.stderr).toBe(0);
    expect(JSON.parse(verify.stdout)).toMatchObject({ ok: true, rows: 1 });
    store = await openStore(dbPath);
    expect(await count(store, 'SELECT count(*) AS n FROM items WHERE erased_at IS NULL')).toBe(2);
    const [row] = await store.audit.page({ action: 'purge', limit: 10 });
    expect(row.username).toMatch(/^cli:/);
  });

  it('rejects a bad window and a missing database', async () => {
    const runs = await Promise.all([runCli(['purge', '--db', dbPath, '--unflagged-days', '0']), runCli(['purge', '--db', join(dir, 'missing.db')])]);
    expect(runs.map((r) => r.code)).toEqual([1, 1]);
    expect(runs[0].stderr).toMatch(/--unflagged-days.*whole number of days/);
    expect(runs[1].stderr).toMatch(/no database at .*missing\.db/);
    expect(await store.items.count()).toBe(7);
  });
});
