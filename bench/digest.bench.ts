// Weekly digest over a database of 1,000,000 items (KC_BENCH_DIGEST_ITEMS to change): figures
// (SQL aggregates + emerging terms), HTML/Markdown rendering with charts, PDF printing, and the
// whole run. The database is the UI bench's synthetic corpus (half a year, ~40k items a week) plus
// verdicts, claims, responses, grievance follow-ups and crawl runs; built once under data/bench/.
import { existsSync, rmSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { buildDigest } from '../src/digest/build-digest.js';
import { previousWeek } from '../src/digest/iso-week.js';
import { renderDigestHtml } from '../src/digest/render-html.js';
import { renderDigestMarkdown } from '../src/digest/render-md.js';
import { launchChromium, renderDigestPdf } from '../src/digest/render-pdf.js';
import { runDigest } from '../src/jobs/digest-job.js';
import { openStore, type Store } from '../src/storage/store.js';
import { VERDICTS, type Verdict } from '../src/storage/verdicts.js';
import { makeRng } from './foundation-data.js';
import { ensureUiDatabase, SOURCES, UNITS } from './ui-data.js';

const COUNT = Number(process.env.KC_BENCH_DIGEST_ITEMS ?? 1_000_000);
const DB = resolve(process.env.KC_BENCH_DIGEST_DB ?? `data/bench/digest-${COUNT}.db`);
const TZ = 'Asia/Ho_Chi_Minh';
const CHROMIUM = process.env.PUPPETEER_EXECUTABLE_PATH || '/usr/bin/chromium';
const log = (s: string) => process.stderr.write(`${s}\n`);
const emit = (name: string, value: number, unit: string) => process.stdout.write(`${JSON.stringify({ name, value: Math.round(value * 1000) / 1000, unit })}\n`);

/** Review activity on top of the UI corpus: verdicts on decided items, claims, responses, crawl runs. */
async function addReviewData(store: Store): Promise<void> {
  const rnd = makeRng(7);
  const t0 = Date.now();
  const admin = await store.db.write(() => store.users.create({ username: 'bench-digest', role: 'admin', unit: null, passwordHash: 'x', now: new Date().toISOString() }));
  const decided = await store.db.all<{ id: number; unit: string | null; collected_at: string; label: string | null }>(
    `SELECT id, unit, collected_at, (SELECT label FROM item_labels l WHERE l.item_id = items.id LIMIT 1) AS label
     FROM items WHERE status IN ('decided', 'response_drafted', 'closed') ORDER BY id`,
  );
  const pick = (label: string | null): Verdict => {
    const r = rnd();
    if (label === 'grievance') return r < 0.8 ? 'grievance' : 'not_relevant';
    if (label) return r < 0.6 ? 'false' : r < 0.75 ? 'misleading' : r < 0.85 ? 'not_relevant' : 'unverifiable';
    return VERDICTS[Math.floor(r * VERDICTS.length)];
  };
  for (let i = 0; i < decided.length; i += 5000) {
    await store.db.write(async () => {
      for (const it of decided.slice(i, i + 5000)) {
        const at = new Date(Date.parse(it.collected_at) + (1 + rnd() * 47) * 3_600_000).toISOString();
        const v = pick(it.label);
        await store.verdicts.add({ itemId: it.id, verdict: v, reason: 'bench', userId: admin, now: at });
        await store.reviewItems.setVerdict(it.id, v, 'decided', at);
        if (v === 'grievance') await store.grievances.upsert({ itemId: it.id, status: rnd() < 0.5 ? 'open' : rnd() < 0.5 ? 'forwarded' : 'resolved', unit: it.unit, note: null, userId: admin, now: at });
      }
    });
  }
  log(`  ${decided.length} verdicts (${Math.round((Date.now() - t0) / 1000)} s)`);
  const flagged = await store.db.all<{ id: number; unit: string | null; collected_at: string }>(`SELECT id, unit, collected_at FROM items WHERE flagged = 1 AND id % 97 = 0 ORDER BY id`);
  await store.db.write(async () => {
    for (let c = 0; c * 20 < flagged.length; c++) {
      const members = flagged.slice(c * 20, c * 20 + 20);
      const at = members[0].collected_at;
      const id = await store.claims.create({ statement: `Luận điệu tổng hợp số ${c}`, label: 'covid_false', unit: members[0].unit, userId: admin, now: at });
      for (const m of members) await store.claims.setMember({ claimId: id, itemId: m.id, state: 'confirmed', similarity: 0.8, userId: admin, now: at });
      if (c % 2 === 0) {
        const rid = await store.responses.create({ claimId: id, template: null, body: 'Thông tin chính thức.', sources: [{ url: 'https://moh.gov.vn/', title: 'Bộ Y tế' }], userId: admin, now: at });
        await store.responses.approve(rid, admin, at);
        if (c % 4 === 0) await store.responses.publish(rid, 'https://example.test/p', admin, at);
      }
    }
  });
  const last = await store.db.get<{ t: string }>('SELECT max(collected_at) AS t FROM items');
  const end = Date.parse(last!.t);
  for (const s of SOURCES) {
    for (let t = end - 56 * 86_400_000; t < end; t += 6 * 3_600_000) {
      const id = await store.crawlRuns.start(s.id, new Date(t).toISOString());
      const failed = rnd() < 0.05;
      await store.crawlRuns.finish(id, { status: failed ? 'failed' : 'ok', endedAt: new Date(t + 5000).toISOString(), found: 20, newCount: 15, error: failed ? 'HTTP 503' : null });
    }
  }
  log(`  claims, responses, crawl runs added (${Math.round((Date.now() - t0) / 1000)} s)`);
}

if (!existsSync(DB)) {
  const building = `${DB}.review`;
  for (const ext of ['', '-wal', '-shm', '.building', '.building-wal', '.building-shm']) rmSync(`${building}${ext}`, { force: true });
  await ensureUiDatabase(building, COUNT, log);
  const s = await openStore(building);
  await addReviewData(s);
  await s.close();
  const { renameSync } = await import('node:fs');
  for (const ext of ['-wal', '-shm']) rmSync(`${building}${ext}`, { force: true });
  renameSync(building, DB);
}

const store = await openStore(DB);
const last = await store.db.get<{ t: string }>('SELECT max(collected_at) AS t FROM items');
const week = previousWeek(new Date(last!.t), TZ);
log(`digest of ${week.label} over ${COUNT} items (${DB})`);
// Warm the page cache once (a server digests a live database), then measure.
await buildDigest(store, { week });
let t = performance.now();
const data = await buildDigest(store, { week });
emit('digest_figures_1m', (performance.now() - t) / 1000, 's');
t = performance.now();
await buildDigest(store, { week, unit: UNITS[3] });
emit('digest_figures_unit_1m', (performance.now() - t) / 1000, 's');
t = performance.now();
const html = await renderDigestHtml(data, 'vi');
renderDigestMarkdown(data, 'vi');
emit('digest_render_html_md', (performance.now() - t) / 1000, 's');
const browser = await launchChromium(CHROMIUM);
t = performance.now();
await renderDigestPdf(html, { browser });
emit('digest_pdf', (performance.now() - t) / 1000, 's');
const out = await mkdtemp(join(tmpdir(), 'kc-digest-bench-'));
t = performance.now();
await runDigest(store, { week, lang: 'vi', outDir: out, chromiumPath: CHROMIUM, browser, rulesDir: resolve('rules') });
emit('digest_total_1m', (performance.now() - t) / 1000, 's');
emit('digest_week_items', data.headline.collected.current, 'items');
await browser.close();
await store.close();
rmSync(out, { recursive: true, force: true });
