// SQLite and PostgreSQL side by side (npm run bench -- scale-out): ingest of 100,000 generated posts
// into each (posts/s, peak RSS, each in its own process), the copy of a 1,000,000-item installation
// to PostgreSQL with `cli migrate`'s code (rows/s), the same for the 100k-post installation the ingest
// made (plus an audit chain of 10,000 entries, verified on the copy as `cli migrate` does), and queue
// page latency p50/p95 on each at 1M items.
// PostgreSQL is a private cluster started here (tests/helpers/pg-cluster.ts) and removed at the end.
// KC_BENCH_INGEST_COUNT and KC_BENCH_UI_ITEMS change the sizes; the 1M SQLite file is built once
// under data/bench/ (shared with ui.bench.ts).
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { NullClassifier } from '../src/classify/null-classifier.js';
import { importFile } from '../src/jobs/import-file.js';
import { auditRepo } from '../src/storage/audit.js';
import { copyInstallation } from '../src/storage/copy-installation.js';
import { Db } from '../src/storage/db.js';
import { ftsQuery } from '../src/storage/item-reads.js';
import { PgDb } from '../src/storage/pg/pg-db.js';
import { migratePg } from '../src/storage/pg/pg-migrate.js';
import type { QueueFilter, QueueSort } from '../src/storage/queue.js';
import { createStore, openStore, type Store } from '../src/storage/store.js';
import { startPgCluster } from '../tests/helpers/pg-cluster.js';
import { writeCorpus } from './foundation-data.js';
import { ensureUiDatabase, UNITS } from './ui-data.js';

const INGEST = Number(process.env.KC_BENCH_INGEST_COUNT ?? 100_000);
const ITEMS = Number(process.env.KC_BENCH_UI_ITEMS ?? 1_000_000);
const QUEUE_DB = resolve(process.env.KC_BENCH_UI_DB ?? `data/bench/ui-v2-${ITEMS}.db`);
const ROUNDS = 20;
const log = (s: string) => process.stderr.write(`${s}\n`);
const emit = (name: string, value: number, unit: string) => process.stdout.write(`${JSON.stringify({ name, value: Math.round(value * 100) / 100, unit })}\n`);

async function openTarget(target: string): Promise<Store> {
  if (!target.startsWith('postgres')) return openStore(target);
  const db = await PgDb.connect(target);
  await migratePg(db);
  return createStore(db);
}

/** Child process: ingest the corpus into one engine and print its figures as one JSON line. */
async function ingestChild(engine: string, corpus: string, target: string): Promise<void> {
  const store = await openTarget(target);
  const t0 = performance.now();
  const report = await importFile(store, corpus, { classifier: new NullClassifier(), secret: 'b'.repeat(64) });
  const seconds = (performance.now() - t0) / 1000;
  await store.close();
  if (report.rejected.length) throw new Error(`bench corpus had rejected rows: ${JSON.stringify(report.rejected.slice(0, 3))}`);
  process.stdout.write(`${JSON.stringify({ engine, seconds, imported: report.imported, rssMb: process.resourceUsage().maxRSS / 1024 })}\n`);
}

function runChild(args: string[]): Promise<{ engine: string; seconds: number; imported: number; rssMb: number }> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.on('exit', (code) => (code === 0 ? resolvePromise(JSON.parse(out.trim().split('\n').pop()!)) : reject(new Error(`ingest child ${args[1]} exited ${code}`))));
  });
}

async function newDatabase(url: string, name: string): Promise<string> {
  const admin = await PgDb.connect(url, { max: 1 });
  await admin.exec(`CREATE DATABASE ${name}`);
  await admin.close();
  return url.replace('@/postgres?', `@/${name}?`);
}

const PAGES: [string, QueueFilter, QueueSort][] = [
  ['newest', {}, 'new'],
  ['unit', { unit: UNITS[3] }, 'new'],
  ['label_by_score', { label: 'covid_false' }, 'score'],
  ['status', { status: 'decided' }, 'new'],
  ['search', { match: ftsQuery('cong nhan') ?? undefined }, 'new'],
];

async function queueLatency(engine: string, store: Store): Promise<void> {
  const times: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    for (const [, filter, sort] of PAGES) {
      const t0 = performance.now();
      await store.queue.page(filter, sort, 51);
      times.push(performance.now() - t0);
    }
  }
  times.sort((a, b) => a - b);
  const at = (q: number) => times[Math.min(times.length - 1, Math.floor(q * times.length))];
  emit(`queue_${engine}_${ITEMS}_items_p50`, at(0.5), 'ms');
  emit(`queue_${engine}_${ITEMS}_items_p95`, at(0.95), 'ms');
}

/** `cli migrate` on the ingested installation: items, sightings, classifications and an audit chain. */
async function migrateIngested(file: string, url: string): Promise<void> {
  const from = await Db.open(file);
  const audit = auditRepo(from);
  for (let i = 0; i < 10_000; i++) await audit.append({ at: new Date(Date.UTC(2026, 10, 1, 0, 0, i)).toISOString(), userId: null, username: 'bench', action: 'item_view', targetType: 'item', targetId: i + 1 });
  const to = await PgDb.connect(url);
  await migratePg(to);
  const t0 = performance.now();
  const report = await copyInstallation(from, to, { batchRows: 2000 });
  const seconds = (performance.now() - t0) / 1000;
  const items = report.tables.find((t) => t.table === 'items')!;
  const verified = await auditRepo(to).verify();
  emit(`migrate_${items.source}_posts_installation_seconds`, seconds, 's');
  emit('migrate_installation_items_per_second', items.target / seconds, 'items/s');
  emit('migrate_installation_tables_mismatched', report.tables.filter((t) => t.source !== t.target).length, 'tables');
  emit('migrate_installation_audit_rows', verified.rows, 'rows');
  emit('migrate_installation_audit_chain_intact', verified.ok ? 1 : 0, 'bool');
  await from.close();
  await to.close();
}

if (process.argv[2] === '--ingest-child') {
  await ingestChild(process.argv[3], process.argv[4], process.argv[5]);
} else {
  const dir = mkdtempSync(join(tmpdir(), 'kc-bench-scale-'));
  const cluster = startPgCluster();
  try {
    const corpus = join(dir, 'corpus.jsonl');
    await writeCorpus(corpus, INGEST);
    for (const [engine, target] of [['sqlite', join(dir, 'ingest.db')], ['postgres', await newDatabase(cluster.url, 'kc_bench_ingest')]]) {
      const r = await runChild(['--ingest-child', engine, corpus, target]);
      emit(`ingest_${engine}_posts_per_second`, r.imported / r.seconds, 'posts/s');
      emit(`ingest_${engine}_peak_rss`, r.rssMb, 'MB');
    }
    await migrateIngested(join(dir, 'ingest.db'), await newDatabase(cluster.url, 'kc_bench_migrate'));

    await ensureUiDatabase(QUEUE_DB, ITEMS, log);
    const from = await Db.open(QUEUE_DB);
    const pgUrl = await newDatabase(cluster.url, 'kc_bench_queue');
    const pg = await PgDb.connect(pgUrl);
    await migratePg(pg);
    const t0 = performance.now();
    await copyInstallation(from, pg, { batchRows: 2000, onProgress: (p) => { if (p.copied === p.total) log(`  copied ${p.table}: ${p.total}`); } });
    const seconds = (performance.now() - t0) / 1000;
    const copied = Number((await pg.get<{ n: number }>('SELECT count(*)::int AS n FROM items'))!.n);
    emit(`migrate_${ITEMS}_items_seconds`, seconds, 's');
    emit('migrate_items_per_second', copied / seconds, 'items/s');
    await pg.exec('ANALYZE');
    await from.close();

    const sqliteStore = await openStore(QUEUE_DB);
    await queueLatency('sqlite', sqliteStore);
    await sqliteStore.close();
    const pgStore = createStore(pg);
    await queueLatency('postgres', pgStore);
    await pgStore.close();
  } finally {
    cluster.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
