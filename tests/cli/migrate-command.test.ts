import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importDemoCorpus } from '../../src/jobs/import-demo.js';
import { createClaimFromItem } from '../../src/review/claim-service.js';
import { recordVerdict } from '../../src/review/item-actions.js';
import { addUser } from '../../src/review/user-service.js';
import { copyInstallation } from '../../src/storage/copy-installation.js';
import { Db } from '../../src/storage/db.js';
import { PgDb } from '../../src/storage/pg/pg-db.js';
import { migratePg } from '../../src/storage/pg/pg-migrate.js';
import { ROOT, SECRET, keywordClassifier, runCli, tempStore } from '../helpers/foundation.js';
import { startPgCluster, type PgCluster } from '../helpers/pg-cluster.js';

// `cli migrate` moves a real installation (the demo corpus, accounts, a verdict, a claim, the
// audit chain) from its SQLite file into a private PostgreSQL cluster; an interrupted copy resumes
// without duplicates; a database that already holds an installation is refused.
describe('cli migrate: SQLite → PostgreSQL', () => {
  let cluster: PgCluster;
  let source: string;
  let n = 0;
  const newDatabase = async () => {
    const admin = await PgDb.connect(cluster.url, { max: 1 });
    const name = `kc_migrate_${process.pid}_${++n}`;
    await admin.exec(`CREATE DATABASE ${name}`);
    await admin.close();
    return cluster.url.replace('@/postgres?', `@/${name}?`);
  };

  beforeAll(async () => {
    cluster = startPgCluster();
    const { store, path } = await tempStore();
    const now = new Date('2026-11-30T08:00:00Z');
    const report = await importDemoCorpus(store, `${ROOT}/rules/demo/demo-corpus.jsonl`, { classifier: keywordClassifier, secret: SECRET, now });
    expect(report!.imported).toBeGreaterThan(50);
    const meta = { now, ip: '127.0.0.1' };
    const adminId = await addUser(store, { id: null } as never, { username: 'lan', role: 'admin', unit: null, password: 'mot-mat-khau-dai-2026' }, meta);
    const actor = { id: adminId, username: 'lan', role: 'admin' as const, unit: null };
    const itemId = (await store.db.get<{ id: number }>('SELECT min(id) AS id FROM items'))!.id;
    await recordVerdict(store, actor, { itemId, verdict: 'false', reason: 'Bộ Y tế đã bác bỏ' }, meta);
    await createClaimFromItem(store, actor, { itemId, statement: 'Nước muối chữa khỏi COVID-19', label: 'covid_false' }, meta);
    await store.close();
    source = path;
  }, 180_000);
  afterAll(() => cluster?.stop());

  it('copies every table with its rows, keeps the audit chain verifiable, and refuses a live target', async () => {
    const url = await newDatabase();
    const r = await runCli(['migrate', '--from', source, '--to', url, '--batch', '40', '--json']);
    expect(r.stderr).toMatch(/items: .* done/);
    expect(r.code, r.stderr).toBe(0);
    const report = JSON.parse(r.stdout) as { tables: { table: string; source: number; target: number }[]; skipped: string[]; audit: { ok: boolean; rows: number } };
    expect(report.skipped).toEqual([]);
    expect(report.tables.filter((t) => t.source !== t.target)).toEqual([]);
    const counts = Object.fromEntries(report.tables.map((t) => [t.table, t]));
    for (const t of ['items', 'users', 'verdicts', 'claims', 'audit_log']) {
      expect(counts[t]?.source, t).toBeGreaterThan(0);
      expect(counts[t].target, t).toBe(counts[t].source);
    }
    expect(report.audit).toMatchObject({ ok: true, rows: counts.audit_log.source });
    // New rows on PostgreSQL get ids after the copied ones.
    const pg = await PgDb.connect(url);
    const next = await pg.get<{ id: number }>("INSERT INTO claims (statement, label, unit, created_by, created_at, updated_at) VALUES ('x', NULL, NULL, 1, '2026-12-01', '2026-12-01') RETURNING id");
    expect(next!.id).toBeGreaterThan(counts.claims.source);
    await pg.close();

    const live = await newDatabase();
    const db = await PgDb.connect(live);
    await migratePg(db);
    await db.run("INSERT INTO users (username, role, unit, password_hash, created_at, updated_at) VALUES ('x', 'admin', NULL, 'h', '2026-12-01', '2026-12-01')");
    await db.close();
    const refused = await runCli(['migrate', '--from', source, '--to', live]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/already holds users/);
  }, 180_000);

  it('purges the copy on PostgreSQL and says which tables VACUUM cleared of the erased rows', async () => {
    const url = await newDatabase();
    const from = await Db.open(source);
    const to = await PgDb.connect(url);
    await migratePg(to);
    await copyInstallation(from, to);
    await from.close();
    await to.close();
    const dataDir = mkdtempSync(join(tmpdir(), 'kc-purge-pg-'));
    try {
      const r = await runCli(['purge', '--unflagged-days', '1', '--flagged-days', '1'], { KC_DATABASE_URL: url, KC_DATA_DIR: dataDir });
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toMatch(/deleted [1-9]\d* item\(s\)/);
      expect(r.stdout).toMatch(/vacuumed \d+ table\(s\) so the erased rows' old versions are gone from them: .*items/);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 180_000);

  it('resumes an interrupted copy where it stopped, without duplicates', async () => {
    const url = await newDatabase();
    const from = await Db.open(source);
    const to = await PgDb.connect(url);
    await migratePg(to);
    const stop = new AbortController();
    let batches = 0;
    await copyInstallation(from, to, { batchRows: 25, signal: stop.signal, onProgress: (p) => { if (p.table === 'items' && ++batches === 2) stop.abort(); } });
    const partial = await to.get<{ n: number }>('SELECT count(*)::int AS n FROM items');
    const total = await from.get<{ n: number }>('SELECT count(*) AS n FROM items');
    expect(partial!.n).toBe(50);
    await from.close();
    await to.close();
    const r = await runCli(['migrate', '--from', source, '--to', url, '--batch', '25']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/audit log OK on the copy/);
    const check = await PgDb.connect(url);
    expect((await check.get<{ n: number }>('SELECT count(*)::int AS n FROM items'))!.n).toBe(total!.n);
    expect((await check.get<{ n: number }>('SELECT count(DISTINCT id)::int AS n FROM items'))!.n).toBe(total!.n);
    await check.close();
  }, 180_000);
});
