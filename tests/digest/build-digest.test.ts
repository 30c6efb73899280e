import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildDigest } from '../../src/digest/build-digest.js';
import type { DigestData } from '../../src/digest/digest-data.js';
import { shiftWeek } from '../../src/digest/iso-week.js';
import { buildFixture, type Fixture, WEEK } from './fixture-db.js';

/**
 * The expected figures are recomputed here from whole-table reads with plain JS filters, not with
 * the digest's SQL, so a wrong range, join or grouping in the queries shows up as a mismatch.
 */
describe('buildDigest figures match the database', () => {
  let fx: Fixture;
  let d: DigestData;
  let items: { id: number; unit: string | null; source_id: string; flagged: number; collected_at: string; verdict: string | null }[];
  let labels: { item_id: number; label: string }[];
  let verdicts: { id: number; item_id: number; verdict: string; created_at: string }[];
  const inWeek = (t: string, w = WEEK) => t >= w.start && t < w.end;

  beforeAll(async () => {
    fx = await buildFixture();
    d = await buildDigest(fx.store, { week: WEEK, now: new Date('2026-11-23T00:00:00Z') });
    items = await fx.store.db.all('SELECT id, unit, source_id, flagged, collected_at, verdict FROM items');
    labels = await fx.store.db.all('SELECT item_id, label FROM item_labels');
    verdicts = await fx.store.db.all('SELECT id, item_id, verdict, created_at FROM verdicts ORDER BY id');
  });
  afterAll(async () => {
    await fx?.close();
  });

  it('collected, flagged and flagged per label, with last week', () => {
    const prev = shiftWeek(WEEK, -1);
    const count = (w: typeof WEEK, f: (i: (typeof items)[number]) => boolean) => items.filter((i) => inWeek(i.collected_at, w) && f(i)).length;
    expect(d.headline.collected).toEqual({ current: count(WEEK, () => true), previous: count(prev, () => true) });
    expect(d.headline.collected.current).toBeGreaterThan(20);
    expect(d.headline.flagged).toEqual({ current: count(WEEK, (i) => i.flagged === 1), previous: count(prev, (i) => i.flagged === 1) });
    for (const label of ['covid_false', 'union_org', 'grievance']) {
      const ids = new Set(labels.filter((l) => l.label === label).map((l) => l.item_id));
      expect(d.headline.flaggedByLabel[label]).toEqual({ current: count(WEEK, (i) => ids.has(i.id)), previous: count(prev, (i) => ids.has(i.id)) });
    }
  });

  it('reviewed, verdict mix (last verdict per item), responses, median time to first decision', () => {
    const week = verdicts.filter((v) => inWeek(v.created_at));
    expect(d.headline.reviewed.current).toBe(new Set(week.map((v) => v.item_id)).size);
    const last = new Map<number, string>();
    for (const v of week) last.set(v.item_id, v.verdict);
    const mix: Record<string, number> = {};
    for (const v of last.values()) mix[v] = (mix[v] ?? 0) + 1;
    for (const [k, delta] of Object.entries(d.headline.verdicts)) expect(delta.current).toBe(mix[k] ?? 0);
    expect(mix.unverifiable).toBe(1);
    expect(mix.not_relevant ?? 0).toBe(0);
    expect(d.headline.responsesApproved.current).toBe(1);
    expect(d.headline.responsesPublished.current).toBe(1);
    const collected = new Map(items.map((i) => [i.id, Date.parse(i.collected_at)]));
    const firsts = new Map<number, string>();
    for (const v of verdicts) if (!firsts.has(v.item_id)) firsts.set(v.item_id, v.created_at);
    const hours = [...firsts].filter(([, t]) => inWeek(t)).map(([id, t]) => (Date.parse(t) - collected.get(id)!) / 3_600_000).sort((a, b) => a - b);
    const m = hours.length % 2 ? hours[hours.length >> 1] : (hours[hours.length / 2 - 1] + hours[hours.length / 2]) / 2;
    expect(d.headline.medianHoursToDecision.current).toBeCloseTo(m, 3);
  });

  it('per unit and per source breakdowns', () => {
    for (const u of d.byUnit) {
      const mine = items.filter((i) => inWeek(i.collected_at) && (i.unit ?? '') === u.unit);
      expect(u.collected).toBe(mine.length);
      expect(u.flagged).toBe(mine.filter((i) => i.flagged).length);
    }
    expect(d.byUnit.reduce((s, u) => s + u.collected, 0)).toBe(d.headline.collected.current);
    expect(d.bySource.map((s) => s.source).sort()).toEqual(['forum-a', 'rss-b']);
    expect(d.bySource.reduce((s, x) => s + x.collected, 0)).toBe(d.headline.collected.current);
  });

  it('top claim with its verdict and response status; grievances; failed sources', async () => {
    expect(d.topClaims).toHaveLength(1);
    expect(d.topClaims[0]).toMatchObject({ statement: 'Nước lá ổi chữa khỏi COVID-19', items: 3, verdict: 'false', responseStatus: 'published' });
    const griev = new Set(labels.filter((l) => l.label === 'grievance').map((l) => l.item_id));
    const expected = items.filter((i) => inWeek(i.collected_at) && (i.verdict === 'grievance' || (griev.has(i.id) && i.verdict !== 'not_relevant')));
    const themes = Object.fromEntries(d.grievances.map((g) => [g.theme, g.count]));
    // Rule ids become a union officer's themes; an item hitting several rules counts once.
    const hits = await fx.store.db.all<{ item_id: number; rule_id: string }>("SELECT item_id, rule_id FROM item_rule_hits WHERE label = 'grievance'");
    const wages = expected.filter((i) => hits.some((h) => h.item_id === i.id && ['grievance.unpaid-wages', 'grievance.bonus-insult'].includes(h.rule_id)));
    expect(themes.wages).toBe(wages.length);
    expect(themes.wages).toBeGreaterThanOrEqual(8);
    expect(Object.keys(themes).every((k) => ['wages', 'other'].includes(k))).toBe(true);
    expect(d.grievances.at(-1)?.theme).toBe(themes.other ? 'other' : d.grievances.at(-1)?.theme);
    expect(d.grievances.reduce((s, g) => s + g.count, 0)).toBe(expected.length);
    expect(d.failedSources).toEqual([{ source: 'rss-b', name: 'rss-b', failures: 2, runs: 3, lastError: 'HTTP 503 from rss-b', health: null }]);
  });

  it('rule performance from verdicts, shadow rules included but marked', () => {
    const covid = d.rulePerformance.find((r) => r.ruleId === 'covid-cure')!;
    expect(covid.hits).toBe(items.filter((i) => inWeek(i.collected_at) && labels.some((l) => l.item_id === i.id && l.label === 'covid_false')).length);
    expect(covid.reviewed).toBeGreaterThanOrEqual(3);
    expect(covid.precision).toBe(covid.confirmed / covid.reviewed);
    expect(d.rulePerformance.find((r) => r.ruleId === 'vaccine-watch')?.shadow).toBe(true);
  });

  it('eight-week trend per label and emerging terms without author handles', () => {
    expect(d.trend.weeks).toEqual(['2026-W40', '2026-W41', '2026-W42', '2026-W43', '2026-W44', '2026-W45', '2026-W46', '2026-W47']);
    for (let k = 0; k < 8; k++) {
      const w = shiftWeek(WEEK, k - 7);
      const ids = new Set(labels.filter((l) => l.label === 'covid_false').map((l) => l.item_id));
      expect(d.trend.series.covid_false[k]).toBe(items.filter((i) => inWeek(i.collected_at, w) && ids.has(i.id)).length);
    }
    const terms = d.emergingTerms.map((t) => t.term);
    expect(terms.some((t) => t.includes('thưởng tết'))).toBe(true);
    expect(terms.join(' ')).not.toContain('hungbd88');
  });

  it('a unit digest only counts that unit', async () => {
    const u = await buildDigest(fx.store, { week: WEEK, unit: 'evn' });
    expect(u.headline.collected.current).toBe(items.filter((i) => inWeek(i.collected_at) && i.unit === 'evn').length);
    expect(u.byUnit.map((x) => x.unit)).toEqual(['evn']);
    expect(u.topClaims.every((c) => c.items > 0)).toBe(true);
  });
});
