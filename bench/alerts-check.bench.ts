// Cost of one alert check (npm run bench -- alerts-check): KC_BENCH_ITEMS posts (default 50,000)
// spread over 16 days, 10 watchlists on common and rare words, 5 % of posts matched to one of 3
// known claims; the time of checkAlerts (counts for every subject, the spike test, no alert stored
// twice). JSON lines {"name","value","unit"}.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkAlerts } from '../src/alerts/check-alerts.js';
import { ingest } from '../src/jobs/ingest.js';
import { parseSearch } from '../src/text/search-query.js';
import { openStore } from '../src/storage/store.js';
import type { Classification, Classifier, RawItem } from '../src/types.js';
import { rng } from './alert-data.js';

const N = Number(process.env.KC_BENCH_ITEMS ?? 50_000);
const emit = (name: string, value: number, unit: string) => process.stdout.write(`${JSON.stringify({ name, value: Math.round(value * 10) / 10, unit })}\n`);
const WORDS = 'cong nhan luong tang ca bao hiem nha may khu cong nghiep hop dong nghi phep tien thuong covid vac xin toi chanh gung sot ho benh vien'.split(' ');
const claims = ['garlic-cure', 'vaccine-chip', 'lemon-cure'];
const classifier: Classifier = {
  version: 'bench-1',
  classify({ text }): Classification {
    const k = text.length % 20 === 0 ? claims[text.length % 3] : null;
    return { labels: k ? ['covid_false'] : [], scores: { covid_false: k ? 0.9 : 0.1 }, reasons: k ? [{ kind: 'claim', label: 'covid_false', claimId: k, statement: k, similarity: 0.9, confirmed: true }] : [], version: 'bench-1' };
  },
};

const dir = mkdtempSync(join(tmpdir(), 'kc-alerts-bench-'));
try {
  const store = await openStore(join(dir, 'kc.db'));
  const rand = rng(11);
  const now = new Date('2026-11-20T08:40:00Z');
  const start = now.getTime() - 16 * 86_400_000;
  const t0 = performance.now();
  const HOURS = 16 * 24;
  for (let h = 0; h < HOURS; h++) {
    const rows: RawItem[] = [];
    for (let i = 0; i < N / HOURS; i++) {
      const words = Array.from({ length: 18 }, () => WORDS[Math.floor(rand() * WORDS.length)]);
      rows.push({ text: `${words.join(' ')} so ${h}x${i}x${Math.floor(rand() * 1e9)}`, source: 'bench', unit: rand() < 0.5 ? 'hanoi' : 'hcm' });
    }
    await ingest(store, rows, { classifier, secret: 'f'.repeat(64), now: new Date(start + h * 3_600_000 + 60_000), batchSize: 1000 });
  }
  emit('alerts_check.build_ms', performance.now() - t0, 'ms');
  const user = await store.db.write(() => store.users.create({ username: 'admin', role: 'admin', unit: null, passwordHash: 'x', now: now.toISOString() }));
  const queries = ['luong', '"tang ca"', 'covid OR "vac xin"', 'toi AND chanh', '"bao hiem" NOT "benh vien"', 'cong nhan', 'nghi phep', '"khu cong nghiep"', 'gung', 'sot ho'];
  for (const [i, q] of queries.entries()) {
    const p = parseSearch(q);
    if (!p.ok) throw new Error(q);
    await store.db.write(() => store.watchlists.create({ name: `w${i}`, query: q, match: p.match, labels: [], unit: i % 2 ? 'hanoi' : null, sourceId: null, dateFrom: null, dateTo: null }, user, now.toISOString()));
  }
  const times: number[] = [];
  for (let run = 0; run < 3; run++) {
    const t = performance.now();
    await checkAlerts(store, { now: new Date(now.getTime() + run * 600_000), timeZone: 'Asia/Ho_Chi_Minh' });
    times.push(performance.now() - t);
  }
  emit('alerts_check.items', N, 'items');
  emit('alerts_check.subjects', queries.length + claims.length, 'subjects');
  emit('alerts_check.first_run_ms', times[0], 'ms');
  emit('alerts_check.median_run_ms', [...times].sort((a, b) => a - b)[1], 'ms');
  await store.close();
} finally {
  rmSync(dir, { recursive: true, force: true });
}
