// Ingest of 100,000 generated posts into a fresh database: seconds and peak RSS (npm run bench -- foundation).
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NullClassifier } from '../src/classify/null-classifier.js';
import { importFile } from '../src/jobs/import-file.js';
import { openStore } from '../src/storage/store.js';
import { writeCorpus } from './foundation-data.js';

const COUNT = Number(process.env.KC_BENCH_INGEST_COUNT ?? 100_000);
const emit = (name: string, value: number, unit: string) => process.stdout.write(`${JSON.stringify({ name, value, unit })}\n`);

const dir = mkdtempSync(join(tmpdir(), 'kc-bench-ingest-'));
try {
  const file = join(dir, 'corpus.jsonl');
  await writeCorpus(file, COUNT);
  const store = await openStore(join(dir, 'kc.db'));
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const report = await importFile(store, file, { classifier: new NullClassifier(), secret: 'b'.repeat(64) });
  const seconds = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  await store.close();
  if (report.rejected.length) throw new Error(`bench corpus had rejected rows: ${JSON.stringify(report.rejected.slice(0, 3))}`);
  emit(`ingest_${COUNT}_posts_seconds`, +seconds.toFixed(2), 's');
  emit('ingest_posts_per_second', Math.round(COUNT / seconds), 'posts/s');
  // CPU time of all threads (JS + SQLite workers): a steadier figure than wall time on a busy machine.
  emit(`ingest_${COUNT}_posts_cpu_seconds`, +((cpu.user + cpu.system) / 1e6).toFixed(2), 's');
  // maxRSS is in kilobytes; the corpus file was written streaming, so this peak is the ingest's.
  emit('ingest_peak_rss', Math.round(process.resourceUsage().maxRSS / 1024), 'MB');
  emit('ingest_duplicates_linked', report.duplicates, 'items');
  emit('ingest_db_size', Math.round(statSync(join(dir, 'kc.db')).size / 2 ** 20), 'MB');
} finally {
  rmSync(dir, { recursive: true, force: true });
}
