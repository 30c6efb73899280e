import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildDigest } from '../../src/digest/build-digest.js';
import { shiftWeek } from '../../src/digest/iso-week.js';
import { renderDigestHtml } from '../../src/digest/render-html.js';
import { renderDigestMarkdown } from '../../src/digest/render-md.js';
import { importFile } from '../../src/jobs/import-file.js';
import { buildFixture, type Fixture, PhraseClassifier, WEEK } from './fixture-db.js';

/**
 * A backlog imported this week with publication dates three weeks back is counted in the week it was
 * published, and the trend shows it there; what the team did stays in the week it was done.
 */
describe('weekly counts follow publication time', () => {
  let fx: Fixture;
  const backlogWeek = shiftWeek(WEEK, -3);
  const published = (day: number) => new Date(Date.parse(backlogWeek.start) + day * 86_400_000 + 10 * 3_600_000).toISOString();

  beforeAll(async () => {
    fx = await buildFixture();
    const rows = Array.from({ length: 30 }, (_, i) =>
      JSON.stringify({ text: `Tồn đọng số ${i}: công ty nợ lương tháng trước, mã ${i * 7919}.`, published_at: published(i % 7), unit: 'tkv', source: 'backlog' }),
    );
    // Two rows whose publication time is unknown, and one that claims to be after its collection.
    rows.push(JSON.stringify({ text: 'Bài không có ngày đăng, mã 1.', unit: 'tkv', source: 'backlog' }));
    rows.push(JSON.stringify({ text: 'Bài không có ngày đăng, mã 2.', unit: 'tkv', source: 'backlog' }));
    rows.push(JSON.stringify({ text: 'Bài ghi ngày đăng sau ngày thu thập.', published_at: '2030-01-01T00:00:00Z', unit: 'tkv', source: 'backlog' }));
    const path = join(fx.dir, 'backlog.jsonl');
    await writeFile(path, rows.join('\n'));
    // Collected (imported) in the middle of the digest week.
    const now = new Date(Date.parse(WEEK.start) + 2 * 86_400_000);
    const r = await importFile(fx.store, path, { classifier: new PhraseClassifier(), secret: 'f'.repeat(64), now });
    expect(r.imported).toBe(33);
  });
  afterAll(async () => {
    await fx?.close();
  });

  it('puts the backlog in its publication week and the trend there', async () => {
    const before = await buildDigest(fx.store, { week: backlogWeek, unit: 'tkv' });
    const digest = await buildDigest(fx.store, { week: WEEK, unit: 'tkv' });
    const [{ n: plain }] = await fx.store.db.all<{ n: number }>(
      `SELECT count(*) AS n FROM items WHERE unit = 'tkv' AND collected_at >= ? AND collected_at < ? AND source_id <> 'backlog'`, [backlogWeek.start, backlogWeek.end]);
    expect(before.headline.collected.current).toBe(plain + 30);
    expect(before.bySource.find((s) => s.source === 'backlog')?.collected).toBe(30);
    expect(before.headline.flaggedByLabel.grievance.current).toBeGreaterThanOrEqual(30);
    // This week holds only the three backlog rows without a usable publication time.
    expect(digest.bySource.find((s) => s.source === 'backlog')?.collected).toBe(3);
    const i = digest.trend.weeks.indexOf(backlogWeek.label);
    expect(digest.trend.series.grievance[i]).toBe(before.headline.flaggedByLabel.grievance.current);
  });

  it('runs on the publication-time indexes', async () => {
    const plan = await fx.store.db.all<{ detail: string }>(
      `EXPLAIN QUERY PLAN SELECT count(*) FROM items i WHERE (CASE WHEN i.published_at < i.collected_at THEN i.published_at ELSE i.collected_at END) >= ?1
         AND (CASE WHEN i.published_at < i.collected_at THEN i.published_at ELSE i.collected_at END) < ?2`, [WEEK.start, WEEK.end]);
    expect(plan.map((p) => p.detail).join(' ')).toMatch(/items_posted/);
  });

  it('says on the page which time each figure follows', async () => {
    const data = await buildDigest(fx.store, { week: WEEK });
    expect(await renderDigestHtml(data, 'vi')).toContain('theo ngày đăng');
    expect(renderDigestMarkdown(data, 'vi')).toContain('theo ngày đăng');
    expect(renderDigestMarkdown(data, 'en')).toContain('by publication date');
  });
});
