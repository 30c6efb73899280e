// Retention purge over a database of 1,000,000 items (KC_BENCH_PURGE_ITEMS to change): dry-run
// counts, then the real two-window purge (secure_delete, FTS secure-delete, WAL truncation), with
// time, items/s and peak RSS. The base is the digest bench's database (UI corpus: half a year of
// posts, ~27% flagged, plus verdicts, claims, grievances) when it exists, else the UI bench's;
// evidence rows (some with files) are added to a working copy, which is deleted afterwards.
// Prints JSON lines; never passes or fails on time.
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { eraseItems } from '../src/privacy/erase-items.js';
import { purgeExpired } from '../src/jobs/purge-expired.js';
import { openStore } from '../src/storage/store.js';
import { ensureUiDatabase } from './ui-data.js';

const COUNT = Number(process.env.KC_BENCH_PURGE_ITEMS ?? 1_000_000);
const DIGEST_DB = resolve(`data/bench/digest-${COUNT}.db`);
const UI_DB = resolve(`data/bench/ui-v2-${COUNT}.db`);
// The corpus is collected 2026-05-01 … 2026-10-20; a year later every undecided item is past 30
// days and the items decided in the first month are past 365 days after their last decision.
const NOW = new Date(process.env.KC_BENCH_PURGE_NOW ?? '2027-06-01T00:00:00Z');
const log = (s: string) => process.stderr.write(`${s}\n`);
const emit = (name: string, value: number, unit: string) => process.stdout.write(`${JSON.stringify({ name, value: Math.round(value * 100) / 100, unit })}\n`);

let base = DIGEST_DB;
if (!existsSync(base)) {
  log(`${DIGEST_DB} not found (npm run bench -- digest builds it): using the UI corpus without verdicts`);
  await ensureUiDatabase(UI_DB, COUNT, log);
  base = UI_DB;
}
const work = resolve(`data/bench/purge-work-${COUNT}.db`);
const dataDir = mkdtempSync(join(tmpdir(), 'kc-purge-bench-'));
for (const ext of ['', '-wal', '-shm']) rmSync(`${work}${ext}`, { force: true });
let t = performance.now();
mkdirSync(dirname(work), { recursive: true });
copyFileSync(base, work);
log(`copied ${base} (${Math.round(statSync(base).size / 2 ** 20)} MB) in ${Math.round((performance.now() - t) / 1000)} s`);

try {
  let store = await openStore(work);
  // Evidence for one flagged covid_false item in ten (the default evidence label); files on disk for the first 2,000.
  t = performance.now();
  const flagged = (await store.db.all<{ id: number }>(`SELECT item_id AS id FROM item_labels WHERE label = 'covid_false' AND item_id % 10 = 0`)).map((r) => r.id);
  const at = new Date('2026-10-21T00:00:00Z').toISOString();
  await store.evidence.enqueueFlagged(flagged, at, ['covid_false']);
  // complete() is its own transaction (about 10k of them).
  for (const [i, id] of flagged.entries()) {
    const rel = [`evidence/${id}/page.html`, `evidence/${id}/page.png`];
    if (i < 2000) {
      mkdirSync(join(dataDir, 'evidence', String(id)), { recursive: true });
      for (const r of rel) writeFileSync(join(dataDir, r), `<html>${id}</html>`);
    }
    await store.evidence.complete(id, { capturedAt: at, finalUrl: `https://mang-xa-hoi.example/p/${id}`, htmlPath: rel[0], htmlSha256: 'x', pngPath: rel[1], pngSha256: 'y' });
  }
  await store.erasure.checkpoint();
  log(`evidence rows for ${flagged.length} items in ${Math.round((performance.now() - t) / 1000)} s`);
  await store.close();
  store = await openStore(work);

  const windows = { unflaggedDays: 30, flaggedDays: 365 };
  t = performance.now();
  const dry = await purgeExpired(store, { ...windows, now: NOW, dataDir, actor: 'bench', dryRun: true });
  emit('purge_dry_run_seconds', (performance.now() - t) / 1000, 's');
  for (const [w, r] of Object.entries(dry.windows)) log(`dry run ${w}: ${r.items} items (${r.scrubbed} shells), ${r.evidenceFiles} evidence files`);

  let lastLog = 0;
  t = performance.now();
  const cpu0 = process.cpuUsage();
  const r = await purgeExpired(store, {
    ...windows, now: NOW, dataDir, actor: 'bench',
    onProgress: (w, done, total) => {
      if (done - lastLog >= 50_000 || done === total) {
        lastLog = done === total ? 0 : done;
        log(`  ${w}: ${done}/${total} (${Math.round((performance.now() - t) / 1000)} s)`);
      }
    },
  });
  const seconds = (performance.now() - t) / 1000;
  const cpu = process.cpuUsage(cpu0);
  const items = r.windows.unflagged.items + r.windows.flagged.items;
  emit(`purge_${COUNT}_items_seconds`, seconds, 's');
  emit('purge_items_erased', items, 'items');
  emit('purge_items_per_second', items / seconds, 'items/s');
  emit('purge_cpu_seconds', (cpu.user + cpu.system) / 1e6, 's');
  for (const [w, x] of Object.entries(r.windows)) {
    emit(`purge_${w}_deleted`, x.deleted, 'items');
    emit(`purge_${w}_shells`, x.scrubbed, 'items');
    emit(`purge_${w}_seconds`, x.seconds, 's');
  }
  emit('purge_fts_optimize_seconds', r.ftsSeconds ?? 0, 's');
  emit('purge_evidence_files', r.windows.unflagged.evidenceFiles + r.windows.flagged.evidenceFiles, 'files');
  emit('purge_wal_checkpoint_busy', r.checkpoint?.busy ?? -1, 'flag');
  // Whole process (setup included); maxRSS is in kilobytes.
  emit('purge_peak_rss', Math.round(process.resourceUsage().maxRSS / 1024), 'MB');
  emit('purge_remaining_items', await store.items.count(), 'items');
  // The next day's run on what is left: the daily cost once the backlog is gone.
  t = performance.now();
  const daily = await purgeExpired(store, { ...windows, now: new Date(NOW.getTime() + 86_400_000), dataDir, actor: 'bench' });
  emit('purge_next_day_seconds', (performance.now() - t) / 1000, 's');
  emit('purge_next_day_items', daily.windows.unflagged.items + daily.windows.flagged.items, 'items');
  emit('purge_next_day_fts_optimize_seconds', daily.ftsSeconds ?? 0, 's');
  // A data-subject deletion: three items, the search index rewritten after them (default bulk mode).
  const three = (await store.db.all<{ id: number }>('SELECT id FROM items WHERE erased_at IS NULL ORDER BY id DESC LIMIT 3')).map((x) => x.id);
  t = performance.now();
  await eraseItems(store, { dataDir, ids: three });
  emit('erase_3_items_seconds', (performance.now() - t) / 1000, 's');
  await store.close();
  emit('purge_db_size_after', Math.round(statSync(work).size / 2 ** 20), 'MB');
} finally {
  for (const ext of ['', '-wal', '-shm']) rmSync(`${work}${ext}`, { force: true });
  rmSync(dataDir, { recursive: true, force: true });
}
